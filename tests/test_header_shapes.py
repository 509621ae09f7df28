"""The printed shapes of datelines, participants' entries, titles and page layouts that real
records use, one module of the reader at a time."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.model import Paragraph, ParagraphRole, SourceText, Span
from parley.parse import parse_document
from parley.parse.attendance import trailing_attendance
from parley.parse.dateline import parse_dateline
from parley.parse.fields import header_fields
from parley.parse.frontmatter import read_front_matter
from parley.parse.narrative import present_in
from parley.parse.paragraphs import split_paragraphs
from parley.parse.people import is_group_label, people_in, plausible_name
from parley.parse.reported import speaker_of
from parley.parse.title import read_title

T = dt.time


@pytest.mark.parametrize(
    ("line", "year", "month", "day", "start", "end", "place"),
    [
        ("[Washington,] January 10, 1952.", 1952, 1, 10, None, None, "Washington"),
        ("Karachi, December 13, 1955—noon.", 1955, 12, 13, T(12, 0), None, "Karachi"),
        ("Paris, May 4, 1956, Noon", 1956, 5, 4, T(12, 0), None, "Paris"),
        ("Geneva, November 13, 1955, 10 a.m.–Noon", 1955, 11, 13, T(10, 0), T(12, 0), "Geneva"),
        ("New York, October 7, 1960, noon–12:30 p.m.", 1960, 10, 7, T(12, 0), T(12, 30), "New York"),
        ("London, July 27, 1966, 10:30 p.m.-midnight.", 1966, 7, 27, T(22, 30), T(0, 0), "London"),
        ("Saigon, November 21, 1968, 1050Z.", 1968, 11, 21, T(10, 50), None, "Saigon"),
        ("Washington,April 4, 1962,10:16-11:13 a.m.", 1962, 4, 4, T(10, 16), T(11, 13), "Washington"),
        ("Beijing,October 25, 1971", 1971, 10, 25, None, None, "Beijing"),
        ("LBJ Ranch, Texas, December 28, 1963, 3:15 p.m.", 1963, 12, 28, T(15, 15), None, "LBJ Ranch, Texas"),
        (
            "White House, Washington, May 13, 1958, 5:50 p.m.",
            1958,
            5,
            13,
            T(17, 50),
            None,
            "White House, Washington",
        ),
        (
            "Quai d'Orsay, Paris, December 11, 1961, 10:30 a.m.",
            1961,
            12,
            11,
            T(10, 30),
            None,
            "Quai d'Orsay, Paris",
        ),
        ("Camp David, September 26 and 27, 1959.", 1959, 9, 26, None, None, "Camp David"),
        ("Washington, November 17–18, 1958", 1958, 11, 17, None, None, "Washington"),
        ("Geneva, May 12, noon.", None, 5, 12, T(12, 0), None, "Geneva"),
        ("September 14, 1959.", 1959, 9, 14, None, None, ""),
        ("LONDON, 16 November 1939 [1]", 1939, 11, 16, None, None, "LONDON"),
        ("[LONDON], 5 February 1940", 1940, 2, 5, None, None, "LONDON"),
        ("HOBCAW [1], 25 April 1944", 1944, 4, 25, None, None, "HOBCAW"),
        ("LONDON, 19 September 1938, 2.30 p.m.", 1938, 9, 19, T(14, 30), None, "LONDON"),
        ("SecDel/MC/12 New York, September 25, 1962, 10 a.m.", 1962, 9, 25, T(10, 0), None, "New York"),
        ("DATE: Nov. 1, 1975 1:00 PM", 1975, 11, 1, T(13, 0), None, ""),
        ("Washington, February 18, 1965, 5:20–6:05 p.m.", 1965, 2, 18, T(17, 20), T(18, 5), "Washington"),
    ],
)
def test_datelines(
    line: str, year: int | None, month: int, day: int, start: dt.time | None, end: dt.time | None, place: str
) -> None:
    found = parse_dateline(line)
    assert found is not None
    assert (found.year, found.month, found.day, found.start, found.end, found.place) == (
        year,
        month,
        day,
        start,
        end,
        place,
    )


def test_a_dateline_over_two_days_and_one_ending_after_midnight() -> None:
    two = parse_dateline("Camp David, September 26 and 27, 1959.")
    assert two is not None and two.last_date() == dt.date(1959, 9, 27)
    late = parse_dateline("London, July 27, 1966, 10:30 p.m.-midnight.")
    assert late is not None and late.ends_next_day
    zulu = parse_dateline("Budapest, November 20, 1967, 1600Z.")
    assert zulu is not None and zulu.utc


@pytest.mark.parametrize(
    "line",
    ["The Secretary said that he would see Mr. Rusk on May 5, 1962.", "Box 6, folder 9", "Stalin: Yes."],
)
def test_what_is_not_a_dateline(line: str) -> None:
    assert parse_dateline(line) is None


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            "Walter S. Robertson, Assistant Secretary of State for Far Eastern Affairs",
            [("Walter S. Robertson", "Assistant Secretary of State for Far Eastern Affairs", "")],
        ),
        ("NEA—Mr. Deimel1", [("Deimel", "", "NEA")]),
        ("Sheikh Asad al-Faqih—Saudi Arabian Minister", [("Asad al-Faqih", "Saudi Arabian Minister", "")]),
        ("Acting Prime Minister, Mr. I.I. Chundrigar", [("I.I. Chundrigar", "Acting Prime Minister", "")]),
        (
            "Messrs. Overby, McNeill and Hebbard, Treasury",
            [("Overby", "", ""), ("McNeill", "", ""), ("Hebbard", "", "Treasury")],
        ),
        ("Ambassador Anatoliy F. Dobrynin, USSR", [("Anatoliy F. Dobrynin", "Ambassador", "USSR")]),
        ("Foreign Minister Von Brentano", [("Von Brentano", "Foreign Minister", "")]),
        ("Mr. White", [("White", "", "")]),
        ("Mr S. M. Bruce", [("S. M. Bruce", "", "")]),
        ("Mr. Molotov Ambassador Fu", [("Molotov", "", ""), ("Fu", "Ambassador", "")]),
        ("Sir William Armstrong of H. M. Treasury", [("William Armstrong", "", "H. M. Treasury")]),
        ("Stephen E. Palmer Jr., UNP", [("Stephen E. Palmer Jr.", "", "UNP")]),
        ("Sec. Dulles and Under Sec. Hoover", [("Dulles", "Sec.", ""), ("Hoover", "Under Sec.", "")]),
        ("[name not declassified]", []),
        ("unknown Russian", []),
        ("Lieut. General H.A. Craig, War College", [("H.A. Craig", "Lieut. General", "War College")]),
        (  # entries run together on one line, a middle initial in each name
            "David D. Newsom, Assistant Secretary of State for African Affairs George M. Lane, Country "
            "Officer for Algeria",
            [
                ("David D. Newsom", "Assistant Secretary of State for African Affairs", ""),
                ("George M. Lane", "Country Officer for Algeria", ""),
            ],
        ),
        ("Colonel Sir M. P. A. Hankey (Secretary)", [("M. P. A. Hankey", "Colonel", "")]),
        ("Admiral of the Fleet Lord Chatfield, First Sea Lord", [("Chatfield", "Admiral of the Fleet", "")]),
        ("General Taylor Mr. Engle", [("Taylor", "General", ""), ("Engle", "", "")]),
        (
            "N. K. Brodribb, Deputy Controller, Munitions Supply, Australia",
            [("N. K. Brodribb", "Deputy Controller", "Munitions Supply")],
        ),
        (
            "Minister Valdettaro, Deputy Director-General of Cultural Relations",
            [("Valdettaro", "Minister", "")],
        ),
        # a name after `of the`, `to President` in an entry is somebody's relation, not a participant
        (
            "Mr. Gyalo Thondup, Brother of the Dalai Lama",
            [("Gyalo Thondup", "Brother of the Dalai Lama", "")],
        ),
        (
            "Dr. Pyung Chong Hahm, International Affairs Advisor to President Pak Chong-hui",
            [("Pyung Chong Hahm", "International Affairs Advisor to President Pak Chong-hui", "")],
        ),
        (  # the person represented is not there
            "Brigadier J.K. Coffey, representing Major-General W.W. Whittle.",
            [("J.K. Coffey", "Brigadier", "")],
        ),
        (  # but a body's name before a name is no relation
            "Percival Brundage, Director, Bureau of the Budget W. S. DeLany, Chairman",
            [("Percival Brundage", "Director", "Bureau of the Budget"), ("W. S. DeLany", "Chairman", "")],
        ),
        (
            "Frederick Winant, Special Assistant, Office of Defense Mobilization Joseph S. Davis, Member",
            [
                ("Frederick Winant", "Special Assistant", ""),
                ("Joseph S. Davis", "Office of Defense Mobilization", ""),
            ],
        ),
        (
            "His Excellency, Pote Sarasin, Ambassador of Thailand",
            [("Pote Sarasin", "Ambassador of Thailand", "")],
        ),
        (  # the office's place ends before the name
            "S.M. Bruce, High Commissioner in London Peter Fraser, N.Z. Minister of Education",
            [("S.M. Bruce", "", ""), ("Peter Fraser", "High Commissioner in London", "")],
        ),
        ("Prime Minister Walter Nash of New Zealand", [("Walter Nash", "Prime Minister", "New Zealand")]),
        ("Commodore Francisco", [("Francisco", "Commodore", "")]),
        ("Congressman Cornelius Gallagher", [("Cornelius Gallagher", "Congressman", "")]),
        ("Winston Lord, NSC Staff", [("Winston Lord", "NSC Staff", "")]),  # `Lord` ends a name here
        ("Dr. Shao-Hwa Tan, Minister, Chinese Embassy", [("Shao-Hwa Tan", "Minister", "Chinese Embassy")]),
        (
            "Mr. James Wilson, Deputy Special Assistant for Mutual Security Coordination",
            [("James Wilson", "Deputy Special Assistant for Mutual Security Coordination", "")],
        ),
        (
            "Mr. Bruce Clarke, Director, National Foreign Assessment Center",
            [("Bruce Clarke", "Director", "National Foreign Assessment Center")],
        ),
    ],
)
def test_entries_of_participants_lists(entry: str, expected: list[tuple[str, str, str]]) -> None:
    found = [(n.name, n.title, n.affiliation) for n in people_in(entry) if not n.office]
    assert found == expected


def test_an_entry_naming_an_office_is_a_reference_by_office() -> None:
    (secretary,) = people_in("The Secretary")
    assert secretary.office and secretary.name == "The Secretary"
    found = people_in(
        "The President, Secretaries Rusk, McNamara, Ball, Messrs. Bundy and McCone, Ambassador Lodge"
    )
    assert [n.name for n in found] == [
        "The President",
        "Rusk",
        "McNamara",
        "Ball",
        "Bundy",
        "McCone",
        "Lodge",
    ]
    assert [n.office for n in found] == [True, False, False, False, False, False, False]


@pytest.mark.parametrize(
    ("line", "side"),
    [
        ("United States", True),
        ("U.S.S.R.", True),
        ("Chinese side", True),
        ("Joint Chiefs of Staff", True),
        ("State:", True),
        ("Secretary Marshall—United States Delegation", False),
        ("Mr. Merchant", False),
        ("Gromyko", False),
        ("UNITED STATES:", True),
        ("COPIES TO:", False),
        ("DATE AND PLACE:", False),
        ("Koreans", True),
        ("Philippine Representatives:", True),
        ("Press Representatives", True),
        ("Nationalist China", True),
        ("Mr. Banks", False),
    ],
)
def test_side_labels(line: str, side: bool) -> None:
    assert is_group_label(line) is side


@pytest.mark.parametrize(
    ("title", "author", "met"),
    [
        (
            "Memorandum of Conversation, by Mr. Richard H. Sanger of the Division of Near Eastern Affairs",
            "Richard H. Sanger",
            [],
        ),
        ("Memorandum of Conversation, by the Officer in Charge of Philippine Affairs (Bell)", "Bell", []),
        ("Note by Bruce of Conversation with Attlee", "Bruce", ["Attlee"]),
        ("Note by Brown of Conversation between Curtin and Roosevelt", "Brown", ["Curtin", "Roosevelt"]),
        (
            "Record of Conversation Between Whitlam, Surono and Her Tasning",
            None,
            ["Whitlam", "Surono", "Tasning"],
        ),
        ("Calwell's discussion with Addison", None, ["Calwell", "Addison"]),
        ("RECORD OF MEETING BETWEEN MCEWEN, WESTERMAN AND SOAMES", None, ["Mcewen", "Westerman", "Soames"]),
        ("Cable, Terebin to Stalin [via Kuznetsov]", "Terebin", []),
        (
            "Notes on Discussion with Mr. S.G. McFarlane, Savoy Hotel, London, 18th July, 1949",
            None,
            ["S.G. McFarlane"],
        ),
    ],
)
def test_titles_name_the_author_and_who_met(title: str, author: str | None, met: list[str]) -> None:
    facts = read_title(title)
    assert (facts.author.name if facts.author else None) == author
    assert [n.name for n in facts.met] == met


def test_labelled_fields_in_two_columns() -> None:
    text = (
        " 1949            Speeches/Documents\n\n Title: Telegram to Liu\n\n Author: Mao zedong\n\n"
        " Date: December            Source:. See a book [A\n 18,1949                   History] (Beijing)\n"
        "                           http://example.org/document/1\n\n Description:.\n"
    )
    fields = header_fields(text)
    assert {k: v.value for k, v in fields.items()} == {
        "title": "Telegram to Liu",
        "author": "Mao zedong",
        "date": "December 18,1949",
    }
    assert text[fields["title"].span.start : fields["title"].span.end] == "Telegram to Liu"


def test_a_page_s_fields_as_a_pdf_lays_them_out_are_not_the_body() -> None:
    """The PDF of a record's page prints each field on lines of its own, the year apart from the
    section's name, and a source long enough to read as prose; the record's words follow."""
    text = (
        "1949\n\nSpeeches/Documents\n\nTitle: Memorandum of Conversation with Foreign Minister Zhou Enlai\n\n"
        "Author: N. V. Roshchin\n\nDate: 10 November\n\n1949\n\n"
        "Source:. Source: an archive of foreign policy, fond 100, opis 42, file 19, pages 81-85, translated "
        "from the Russian for a working paper on the history of the alliance and of its split\n\n"
        "Description:.\n\n"
        "On 10 November at 1700 the Foreign Minister Zhou Enlai visited the Ambassador at the Embassy and "
        "communicated the following.\n\nZhou Enlai said that Mao Zedong wished to visit Moscow.\n\n"
        "Roshchin.\n"
    )
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert document.title == "Memorandum of Conversation with Foreign Minister Zhou Enlai"
    assert document.meeting is not None and document.author == "Roshchin"
    assert document.meeting.utterances[0].text.startswith("On 10 November")
    assert {p.name for p in document.meeting.participants} == {
        "Zhou Enlai",
        "Roshchin",
    }  # the writer took part


def test_a_cable_s_comment_section_is_no_speaker() -> None:
    text = (
        "Telegram to the Department of State\n\nRangoon, March 3, 1954\n\n"
        "1. The points were chosen with care.\n\nComment: The points were chosen on the theory that "
        "the troops could gather at any of them.\n\n2. The Minister said the plan would stand.\n\n"
        "Comment: He is known to favour it.\n"
    )
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    speakers = {u.speaker for u in (document.meeting.utterances if document.meeting else ()) if u.speaker}
    assert "Comment" not in speakers


def test_a_cable_s_closing_word_is_no_signature() -> None:
    text = "Cablegram to Canberra\n\nNew York, 5 May 1950\n\nThe Council met today and adjourned.\n\nEnds.\n"
    assert parse_document(SourceText("x", "x.txt", text, "0")).author == ""


def test_a_hard_wrapped_page_is_read_in_paragraphs() -> None:
    line = "This sentence goes on and on across the printed line of a page of some width,"
    body = "\n".join([line] * 12) + "\nand ends here.\n\n(2) The next point.\n"
    paragraphs = split_paragraphs(body)
    assert len(paragraphs) == 2
    assert paragraphs[0].text.endswith("and ends here.") and "\n" not in paragraphs[0].text
    assert body[paragraphs[0].span.start : paragraphs[0].span.end].replace("\n", " ") == paragraphs[0].text


def test_a_list_of_short_lines_is_not_unwrapped() -> None:
    lines = [f"Mr. Person{n} Surname{n}, Assistant Secretary of State, NEA" for n in range(10)]
    long_paragraph = "A paragraph written on one line " * 20
    assert len(split_paragraphs("\n".join([*lines, long_paragraph]))) == 11


def test_a_flattened_archive_page_is_cut_into_its_sections() -> None:
    text = (
        "Digital Archive digitalarchive.wilsoncenter.org International History Declassified January 31, 1949 "
        "Memorandum of Conversation between A. Bee and C. Dee Citation: “Memorandum,” January 31, 1949. "
        + "Reprinted somewhere. " * 60
        + "Summary: A summary. Original Language: Russian Contents: English Translation The talk went on."
    )
    texts = [p.text for p in split_paragraphs(text)]
    assert texts[1:3] == ["January 31, 1949", "Memorandum of Conversation between A. Bee and C. Dee"]
    assert any(t.startswith("Summary:") for t in texts)


def test_front_matter_facts() -> None:
    text = (
        "---\ndoc_date: '1939-11-16'\ntitle: Note of Meeting\nnaa_refs:\n- reference: '[AA: M100]'\n---\n"
        "LONDON, 16 November 1939\n"
    )
    front = read_front_matter(text)
    assert front is not None
    assert (front.date, front.title, front.citation) == (
        dt.date(1939, 11, 16),
        "Note of Meeting",
        "[AA: M100]",
    )
    assert text[front.end :].startswith("LONDON")


def test_running_text_says_who_took_part() -> None:
    text = (
        "On 9 April a three hour conversation with Cde. Mao Zedong took place at which\nwere present "
        "members of the CCP Politburo comrades Zhu De, Zhou Enlai and\nLiu Shaoqi. Comrades Ivan "
        "Kovalev and E. Kovalev were present from our side."
    )
    found = present_in(text, met=True)
    assert [p.named.name for p in found] == [
        "Mao Zedong",
        "Zhu De",
        "Zhou Enlai",
        "Liu Shaoqi",
        "Ivan Kovalev",
        "E. Kovalev",
    ]
    for present in found:
        assert text[present.span.start : present.span.end] == present.named.name


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("In accordance with your request I discussed this question with Mr Nash on Friday last.", ["Nash"]),
        ("Further, I have talked it over with Hankey [1] and he thinks it reasonable.", ["Hankey"]),
        (
            "I have thoroughly discussed the question of Lease-Lend with Casey [3], Macgregor and Clapp.",
            ["Casey", "Macgregor", "Clapp"],
        ),
        ("I had half hour's private interview with Sjahrir on afternoon 5th April.", ["Sjahrir"]),
        ("I had a short talk with J. H. Thomas [3] M.P. The latter is confident.", ["J. H. Thomas"]),
        (  # an office's place or portfolio is no person
            "I discussed it with the Chief Minister of Hyderabad, the Minister of Public Works and Mr Rao.",
            ["Rao"],
        ),
        (  # a word spelt out ends its sentence; `Gen.` does not
            "We had talks with the Dutch Ministers. Later I saw Gen. Spoor alone.",
            ["Spoor"],
        ),
    ],
)
def test_running_text_says_whom_the_writer_talked_with(text: str, names: list[str]) -> None:
    found = present_in(text, met=True)
    assert [p.named.name for p in found] == names
    for present in found:
        assert text[present.span.start : present.span.end] == present.named.name


@pytest.mark.parametrize(
    ("sentence", "offices"),
    [
        ("After Cabinet I saw Prime Minister and urged that the statement be delayed.", ["Prime Minister"]),
        (
            "In long discussion with the Foreign Secretary today most points were considered.",
            ["the Foreign Secretary"],
        ),
        (
            "I had most difficult meetings with Australian Ministers today about the communique.",
            [],
        ),  # several
        ("Belgium said there should be no discussion unless representative were present today.", []),
    ],
)
def test_an_office_the_writer_met_takes_part_by_office(sentence: str, offices: list[str]) -> None:
    text = f"Cablegram 191 LONDON, 7 April 1947\n\nMOST SECRET\n\n{sentence} The matter rests there.\n"
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    found = [p for p in document.meeting.participants if p.by_office] if document.meeting else []
    assert [p.name for p in found] == offices


@pytest.mark.parametrize(
    "text",
    [
        "This precludes reinforcement of the United States Pacific Fleet at the present time.",
        "We cannot spare General MacArthur at the present juncture.",
        "The United States Pacific Fleet was present.",
        "These present discussions are without prejudice to our position.",
        "With present export markets the Government cannot accept the proposal.",
        "Consider in present circumstances whether the proposal should go forward.",
    ],
)
def test_present_as_now_and_bodies_are_not_who_took_part(text: str) -> None:
    assert present_in(text, met=True) == []


def test_a_report_dates_the_talk_it_reports() -> None:
    text = (
        "Cable, Kovalev to Filippov\n\nApril 13, 1949\n\nTo Comrade Filippov\n\nReporting:\n\n"
        "On 9 April a three hour conversation with Cde. Mao Zedong took place at his house in the hills.\n\n"
        "Cde. Mao Zedong said that the Plenum went well.\n"
    )
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert document.date == dt.date(1949, 4, 13)
    assert document.meeting is not None and document.meeting.date == dt.date(1949, 4, 9)
    assert {p.name for p in document.meeting.participants} >= {"Mao Zedong", "Kovalev"}


@pytest.mark.parametrize(
    "name",
    [
        "Thus",
        "Though Peking-orientated",
        "Congressional Relations",
        "A______",
        "Neither",
        "Recommendation",
        "Minister-at",
    ],
)
def test_what_running_text_gives_that_is_no_name(name: str) -> None:
    assert not plausible_name(name)


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("With regard to the House of Assembly I asked the Administrator whether he had a plan.", "I"),
        ("J.G.L. I said the general view outside of Japan was otherwise.", "I"),
        ("Matériel made in the U.S. He pointed out that it cuts down the market.", ""),  # no `S. He`
        ("Mr. Todorovic said that the plan was nearly ready.", "Mr. Todorovic"),
    ],
)
def test_a_pronoun_after_a_capitalized_word_is_no_name(sentence: str, speaker: str) -> None:
    assert speaker_of(sentence) == speaker


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [  # a capitalized word after an article or a preposition is no speaker
        (
            "The Agreed Announcement which was finally issued at Geneva made it clear that all were covered.",
            "",
        ),
        (
            "The Secretary General described the formula under which the Chicoms accepted his intercession.",
            "",
        ),
        ("It would be necessary to use nuclears if the Communists maintained the attack.", ""),
        ("Since drafting of Taiwanese began only three years ago, there are no officers.", ""),
        # `continued` speaks only as `continued, ...`, `continued that ...`: not `Provide continued support`
        ("5. Provide continued United States military support to Taiwan and Penghus;", ""),
        ("Their continued imprisonment raised the question of good faith.", ""),
        ("Mr. Dulles continued, saying the talks would go on.", "Mr. Dulles"),
        # a clause run on without a comma ends where a title opens the name
        ("As regards Hungary President Chiang stated that the movement must not die.", "President Chiang"),
        (
            "In reply to the inquiry what we had on Kinmen Admiral Burke stated that there was a group.",
            "Admiral Burke",
        ),
        ("Then Under Secretary Hathaway said that the plan was ready.", "Under Secretary Hathaway"),
        ("After a briefing by Mr. Dulles, Governor Herter said he believed it.", "Governor Herter"),
        # a heading or a body's name run on before the name, without a stop
        ("RUNNING THE MILITARY DISTRICTS Mao Zedong said that they have 5 bureaus.", "Mao Zedong"),
        ("Speaking of the Japanese Com[munist] Party Mao Zedong said that they know it.", "Mao Zedong"),
        ("Embassy Rangoon reported that the talks had failed.", "Embassy Rangoon"),  # no place as a name
        ("CONCLUSION As indicated above, the plan must wait.", ""),  # not `CONCLUSION As` nor `As`
        # an office as the subject
        (
            "At a meeting this morning the Prime Minister stressed the importance of the Peninsula.",
            "the Prime Minister",
        ),
        ("The British Ambassador said that his Government agreed.", "The British Ambassador"),
        ("The Secretary of State replied that it was too early.", "The Secretary of State"),
        ("The Secretary-General said it was too early.", ""),
        # telegraphese without `I`, an adverb run on, a possessive
        ("Yesterday Cadogan said that the Cabinet agreed.", "Cadogan"),
        ("According Pyman said the Dutch would leave.", "Pyman"),
        ("Commenting Bajpai said it was late.", "Bajpai"),
        ("Again raised failure to account for the prisoners.", ""),
        ("Have emphasized desire to achieve economy.", ""),
        ("It also reported Allison's recommended procedure.", ""),
    ],
)
def test_what_comes_before_a_capitalized_word_says_whether_it_speaks(sentence: str, speaker: str) -> None:
    assert speaker_of(sentence) == speaker


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        (
            "PRINCIPAL PARTICIPANTS\nSecretary of State Dulles\nGeneral Twining\n\nThe Secretary opened.\n",
            ["Dulles", "Twining"],
        ),
        (  # a topic's heading after the list is not one more entry
            "Participants:\nMr. Mukarto\nAmbassador Palar\n\nPolitical Situation in Indonesia\n\n"
            "After the usual amenities, the Secretary asked Mr. Mukarto about the situation.\n",
            ["Mukarto", "Palar"],
        ),
        (  # an office after a blank line still is
            "Participants:\nMr. Mukarto\n\nAssistant Secretary for Far Eastern Affairs\n\nThey met.\n",
            ["Mukarto", "Assistant Secretary for Far Eastern Affairs"],
        ),
        (  # a side's officers
            "Aust. Officers Present: Dr S.A. FitzGerald, Ambassador, Mr A.M McLean\n\nThey met.\n",
            ["S.A. FitzGerald", "A.M McLean"],
        ),
        (  # the first numbered paragraph run on after the list
            "Present-Dr. H.C. Coombs, Messrs. S.G. McFarlane, J.B. Wright 1. Mr. Wheeler outlined it.\n",
            ["H.C. Coombs", "S.G. McFarlane", "J.B. Wright"],
        ),
        (  # an entry wrapped onto the next line names nobody more
            "PARTICIPANTS\nGeneral McCaul, Asst.\nCommandant, Marines\nMr. William Dwight, President of the\n"
            "Newspaper Publishers Association\nGeneral Taylor\n\nThey met.\n",
            ["McCaul", "William Dwight", "Taylor"],
        ),
    ],
)
def test_where_a_list_of_participants_begins_and_ends(text: str, listed: list[str]) -> None:
    document = parse_document(SourceText("x", "x.txt", f"Memorandum of Conversation\n\n{text}", "0"))
    assert document.meeting is not None
    assert [p.name for p in document.meeting.participants] == listed


def test_endnotes_after_a_notes_heading_are_no_speech() -> None:
    body = "".join(
        f"The party has lived through {n} years, and we declare that it will go on.\n\n" for n in range(4)
    )
    text = (
        "On the State\n\nAuthor: Mao Zedong\n\n"
        f"{body}NOTES\n\n1. Also known as the world of Great Harmony.\n\n"
        '2. See Lenin, Left-Wing Communism. Lenin said: "for nearly half a century thinkers sought."\n'
    )
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    roles = {p.text[:5]: document.paragraph_roles[p.index] for p in split_paragraphs(text)}
    assert (roles["NOTES"], roles["1. Al"], roles["2. Se"]) == (
        ParagraphRole.EDITORIAL,  # a heading, not the writer's signature
        ParagraphRole.FOOTNOTE,
        ParagraphRole.FOOTNOTE,
    )
    assert document.author != "NOTES"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Admiral Taylor and General Twining were also present.", ["Taylor", "Twining"]),
        (
            "In 1924 a famous manifesto was adopted at the First National Congress, which Sun Yat-sen "
            "himself led and in which Communists participated.",
            [],
        ),
    ],
)
def test_a_clause_that_took_part_names_no_one(text: str, names: list[str]) -> None:
    paragraph = Paragraph(text=text, span=Span(0, len(text)), line=1, index=0)
    assert [p.name for p in trailing_attendance(paragraph)] == names


@pytest.mark.parametrize(("signature", "author"), [("Signed___________", ""), ("[Dulles]", "Dulles")])
def test_a_blank_for_a_signature_signs_nothing(signature: str, author: str) -> None:
    text = f"Memorandum for the Record\n\nThe parties agreed to meet again.\n\n{signature}\n"
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert document.author == author


def test_the_writer_as_a_participant_points_at_the_signature_not_inside_a_word() -> None:
    text = (
        "Memorandum of a Conversation, Washington, June 3, 1955\n\nSUBJECT\nAntarctic Claim\n\n"
        "I said to the Senator that we would study his letter.\n\nB\n"
    )
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert document.meeting is not None
    (writer,) = [p for p in document.meeting.participants if p.name == "B"]
    assert writer.span is not None and writer.span.start == text.rindex("B")


def test_a_paragraph_ending_in_a_footnote_mark_is_text_not_a_heading() -> None:
    body = (
        "Our 12. Representation at Batavia. Please approach Foreign Office seeking provisional "
        "recognition of Ballard as Consul-General at Batavia, and forward his Commission for "
        "Counter-signature by Minister. [1]"
    )
    text = f"Cablegram 15 CANBERRA, 30 January 1947\n\nSECRET\n\n{body}\n\n1 The Legation replied.\n"
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert any(body in p.text for p in document.passages)


def test_closing_paragraphs_numbered_from_ten_are_the_record_s_not_notes() -> None:
    text = (
        "Paper by the Commission\n\nCanberra, 3 May 1968\n\n9. The first part of the paper is omitted.\n\n"
        "Plutonium Production\n\n10. Australia has the skills to set up such facilities.\n\n"
        "11. A power reactor could be provided at a capital cost of $75 million.\n"
    )
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert document.author != "Plutonium Production"
    kept = " ".join(u.text for u in document.meeting.utterances) if document.meeting else document.text
    left_out = [f.text for f in document.findings if "footnote" in f.message]
    assert not any("Australia has the skills" in t for t in left_out) and "Australia has the skills" in kept


@pytest.mark.parametrize(
    ("title", "author"),
    [
        ("Notes by Prime Minister's Department on Cabinet Submission No. 157", None),  # a body
        ("Report by New Weapons and Equipment Development Committee", None),
        ("BRIEFING NOTES BY EMERTON FOR PRIME MINISTER'S DISCUSSIONS IN LONDON", "Emerton"),
        ("Note by Hankey on the situation in Europe", "Hankey"),
        (
            "Address by the Assistant Secretary of State for East Asian and Pacific Affairs (Holbrooke)",
            "Holbrooke",
        ),
        (
            "Memorandum by Leonard S. Tyson of the Office to the Director of That Office (Young)",
            "Leonard S. Tyson",
        ),
        # a bracketed aside after `by` is the author only when it is a name
        ("Memorandum by the Secretary of State (Dulles) to the President", "Dulles"),
        ("Note by Hankey (Secretary)", "Hankey"),  # an office in the brackets: the name before them
        ("Representations by Mr Bruce (my telegram No. 461).", "Bruce"),  # a reference, not a name
        ("A recommendation by the Operations Coordinating Board (see Document 338), the NSC", None),
    ],
)
def test_a_title_s_author_ends_before_what_the_paper_is_for_and_a_body_is_none(
    title: str, author: str | None
) -> None:
    found = read_title(title).author
    assert (found.name if found else None) == author


def test_a_long_sentence_that_lost_its_stop_is_text_and_a_title_wrapped_in_two_lines_is_one() -> None:
    text = (  # the layout of a PDF's text: a centred title over two lines, a translation's last stop lost
        "                 March 12, 1950\n"
        " Memorandum of Conversation between Andrei Gromyko\n"
        "                 and Kim Ilsung\n\n"
        "In the afternoon of 12 March 1950 a further talk with Kim Ilsung took place at his residence in\n"
        "the presence of WPK CC members Pak Honyong and Ho Kai, and the interpreter Mun Il, and\n"
        "c[omrade]s I. V. Petrov and E.F. Petrov from the embassy of the USSR who came with me to talk\n\n"
        "ON THE ECONOMIC SITUATION\n\n"
        "Kim Ilsung said that the harvest of the last year had been poor and that the people needed help\n"
        "before the spring. He asked whether grain could be sent by rail in April, and whether the price\n"
        "could be paid in goods rather than in gold, since the reserves of the bank were small this year.\n"
        "I replied that I would report his request to Moscow and that an answer would come within days.\n"
    )
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert document.title == "Memorandum of Conversation between Andrei Gromyko and Kim Ilsung"
    assert document.meeting is not None
    names = [p.name for p in document.meeting.participants]
    assert names == [
        "Andrei Gromyko",
        "Kim Ilsung",
        "Pak Honyong",
        "Ho Kai",
        "Mun Il",
        "I. V. Petrov",  # two Petrovs: the initials differ
        "E.F. Petrov",
    ]
