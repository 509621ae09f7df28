"""The persons one entry of a participants list names, each with the title and office stated.

An entry is a line of a list or a cell of a table: `Walter S. Robertson, Assistant Secretary of
State for Far Eastern Affairs`, `NEA—Mr. Deimel`, `Acting Prime Minister, Mr. I.I. Chundrigar`,
`Messrs. Overby, McNeill and Hebbard, Treasury`, `The President, Secretaries Rusk, McNamara,
Ball`, `Ambassador Harry G. Barnes, Jr. (interpreter)`, `The Secretary`. Offsets are local to the
entry. A piece naming only an office (`The Secretary`) is kept as an office reference, never as a
person called "The Secretary".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parley.parse import vocabulary as vocab

TOKEN = re.compile(r"\[[^\]\n]{1,40}\][\w’'.-]*|[^\s,;()\[\]]+(?:\[[^\]\n\d][^\]\n]{0,19}\][^\s,;()\[\]]*)*")
PIECE_BREAK = re.compile(
    r"\s*(?:[,;|]|\s&\s|\band\b|\s+-\s+|\s\)|:(?=\s))\s*|\s*[—–]\s*"
    r"|(?<![Uu]nder)(?<![Vv]ice)(?<=[a-z])-(?=(?:Secretary|Minister|Chief|Head|Director|Adviser|Advisor|Counsellor"
    r"|Counselor)\b)"
    r"|(?<=[a-z])-(?=[A-Z]{2,6}(?:\s|$))"
)
GLOSS = re.compile(r"\(([^()]{1,80})\)|(?<=\s)/([^/\n]{1,40})/(?=[\s,;]|$)")
INITIALS = re.compile(r"(?:[A-Z]\.){1,3}|[A-Z][a-z]?\.")
INITIAL = re.compile(r"[A-Z]\.")  # a middle initial (`George M. Lane`), never `Mr.`
NOTE_DIGITS = re.compile(r"(?<=[^\W\d_])\d{1,2}$")
PLURAL_HONORIFICS = frozenset(
    {"messrs", "messrs.", "secretaries", "generals", "ambassadors", "comrs", "comrs.", "cdes", "cdes."}
)
LOWER_OK = vocab.CONNECTORS | vocab.PARTICLES | {"acting", "for"}
ABSTRACT = re.compile(r"[a-z](?:tion|sion)s?$")  # a noun of a body's name, never a surname
# a title that makes the name after it somebody's relation: `Brother of the`, `Advisor to President`
RELATION = re.compile(r"\b(?:of|to|for|(?P<standing>representing|replacing))(?:\s+the)?(?:\s+[A-Z][\w.-]*)*$")


@dataclass
class Named:
    """A person (or an office) an entry names; spans are local to the entry."""

    name: str
    name_span: tuple[int, int]
    title: str = ""
    title_span: tuple[int, int] | None = None
    affiliation: str = ""
    office: bool = False  # named only by office (`The Secretary`): not a person's name
    notes: list[str] = field(default_factory=list)  # bracketed or parenthesized glosses

    def describe(self, text: str, span: tuple[int, int]) -> None:
        """Add a title or office stated apart from the name (after a comma, in brackets)."""
        if not self.title:
            self.title, self.title_span = text, span
        else:
            self.notes.append(text)


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def folded(self) -> str:
        return vocab.fold(self.text)


def _tokens(text: str, offset: int) -> list[_Token]:
    """The words of a piece, footnote digits glued to a word (`Deimel1`) or ending it (`Raborn 3`) off."""
    found = []
    for match in TOKEN.finditer(text):
        word = match.group()
        note = NOTE_DIGITS.search(word)
        if note and not re.fullmatch(r"[A-Z]?\d+\w*", word):
            word = word[: note.start()]
        if word:
            found.append(_Token(word, offset + match.start(), offset + match.start() + len(word)))
    while len(found) > 1 and re.fullmatch(r"\d{1,2}", found[-1].text) and found[-2].text[:1].isupper():
        found.pop()
    return found


def _is_name_token(token: _Token) -> bool:
    """A word that can be part of a person's name: capitalized, an initial or a particle, not a noun
    of a body's name."""
    word = token.text
    if word.startswith("["):
        inside = word[1 : word.index("]")].split()
        return all(
            w[:1].isupper() and not vocab.is_title_word(w) and not vocab.is_group_word(w) for w in inside
        )
    folded = token.folded
    if folded in vocab.CONNECTORS and folded not in vocab.PARTICLES or ABSTRACT.search(word):
        return False  # `of`; `Mobilization`, `Coordination`: a body's word
    first = re.sub(r"^(?:[a-z]{1,3}-|[dDlL]['’])", "", word)[:1]
    return bool(first) and (first.isupper() or folded.rstrip(".") in vocab.PARTICLES)


def _is_honorific(token: _Token, before: _Token | None) -> bool:
    """An honorific, but for an initial that reads as one after another initial or after a given
    name (`S. M. Bruce`, `George M. Lane`; `Ambassador M. Couve de Murville` has one)."""
    return token.folded in vocab.HONORIFICS and not _initial_in_name(token, before)


def _initial_in_name(token: _Token, before: _Token | None) -> bool:
    """An initial of the name it stands in: after another initial (`S. M. Bruce`) or after a given
    name (`George M. Lane`), not after an office or a title (`Ambassador M. Couve de Murville`)."""
    return (
        INITIALS.fullmatch(token.text) is not None
        and before is not None
        and (
            INITIALS.fullmatch(before.text) is not None
            or INITIAL.fullmatch(token.text) is not None
            and _is_name_token(before)
            and not _is_label_word(before)
        )
    )


def _is_code(token: _Token) -> bool:
    """An office code or abbreviation in capitals (`PMG`, `NEA`), not an initial."""
    text = token.text
    return len(text.rstrip(".")) >= 2 and vocab.is_abbreviation(text) and "." not in text[1:-1]


def _is_label_word(token: _Token) -> bool:
    """An office, honorific, organization or state word."""
    return vocab.is_title_word(token.text) or vocab.is_group_word(token.text)


def _name_start(tokens: list[_Token]) -> int:
    """Index of the first token of the name that ends the piece (len(tokens) if none).

    Walking left from the end: name words, initials and particles belong to the name; an office,
    organization or state word belongs to it only after another name word (`Ivan B. White`,
    `John Major`), so `Secretary of State Herter` keeps `Herter`; after an honorific the last
    word is the name whatever else it means (`Mr. White`).
    """
    end = len(tokens)
    while end and tokens[end - 1].folded in vocab.SUFFIXES:
        end -= 1
    i = end
    while i > 0:
        token = tokens[i - 1]
        before = tokens[i - 2] if i >= 2 else None
        if i < end and INITIAL.fullmatch(token.text) and INITIALS.fullmatch(tokens[i].text):
            i -= 1  # an initial before another is one of the name's, not `M.` (`Sir M. P. A. Hankey`)
            continue
        if (
            not _is_name_token(token)
            or _is_honorific(token, before)
            and not _surname_honorific(i, end, tokens)
        ):
            break
        if _initial_in_name(token, before):
            i -= 1  # `S. M. Bruce`, `George M. Lane`
            continue
        if i < end and before is not None and before.text in ("in", "at"):
            break  # `High Commissioner in London Peter Fraser`: the office's place ends before the name
        if _is_label_word(token) or _is_code(token):
            left = tokens[i - 2] if i >= 2 else None
            if (
                token.folded.rstrip(".") in vocab.INSTITUTIONS | vocab.OFFICES
                or i != end
                or left is None
                or not _is_name_token(left)
                or _is_label_word(left)
            ):
                break
        i -= 1
    initials = [k for k in range(i, end) if INITIALS.fullmatch(tokens[k].text)]
    if initials and any(_is_label_word(t) for t in tokens[i : initials[0]]):
        i = initials[0]  # `Dominion Affairs R.G. Casey`: a name with initials starts at them
    last = tokens[end - 1] if end else None
    if (
        i == end
        and last is not None
        and end >= 2
        and vocab.is_title_word(tokens[end - 2].text)
        and last.text[:1].isupper()
        and last.folded.rstrip(".") not in vocab.OFFICES | vocab.INSTITUTIONS | vocab.CONNECTORS
        and last.folded not in vocab.HONORIFICS
    ):
        i = end - 1  # `Mr. White`, `General White`: after a title the last word is the name
    return i if i < end else len(tokens)


def _surname_honorific(i: int, end: int, tokens: list[_Token]) -> bool:
    """A word that is also an honorific ending a name after a given name: `Winston Lord`, `Shao-Hwa
    Tan`; not `His Excellency`, an office's word (`First Sea Lord`) nor an abbreviation (`Mr.`)."""
    token = tokens[i - 1]
    before = tokens[i - 2] if i >= 2 else None
    return (
        i == end
        and before is not None
        and (i < 3 or tokens[i - 3].folded.rstrip(".") not in vocab.OFFICES)
        and "." not in token.text
        and _is_name_token(before)
        and not _is_label_word(before)
        and not _is_code(before)
    )


def _kind(tokens: list[_Token]) -> str:
    """What a piece without a name is: `office` (`The Secretary`, `Assistant Secretary of State for
    Far Eastern Affairs`), `group` (`Treasury`, `NEA`, `Foreign Office`), `suffix` (`Jr.`), `text`
    (a description in lower case) or `empty`. The head word decides between office and group: the
    last word, or the word before the first `of`, `for`, `to` or `in`."""
    words = [t for t in tokens if not re.fullmatch(r"\d+\.?", t.text)]
    if not words:
        return "empty"
    if all(t.folded in vocab.SUFFIXES for t in words):
        return "suffix"
    if all(t.folded in vocab.HONORIFICS for t in words):
        return "empty"  # `His Excellency,` before the name
    if any(
        t.text[:1].islower() and t.folded not in LOWER_OK and not vocab.is_title_word(t.text) for t in words
    ):
        return "text"
    cut = next((k for k, t in enumerate(words) if k and t.folded in {"of", "for", "to", "in"}), len(words))
    head = words[cut - 1]
    if vocab.is_title_word(head.text) and head.folded not in vocab.HONORIFICS:
        return "office"
    if vocab.is_group_word(head.text) or vocab.is_abbreviation(head.text):
        return "group"
    return (
        "office"
        if any(vocab.is_title_word(t.text) and t.folded not in vocab.HONORIFICS for t in words)
        else "group"
    )


def _leading_name(tokens: list[_Token]) -> int:
    """After an opening honorific, the end of the name that follows it (`Sir Laurie Francis New
    Zealand High Commissioner` -> up to `Francis`); 0 when the piece does not open so."""
    if len(tokens) < 2 or tokens[0].folded not in vocab.HONORIFICS:
        return 0
    if any(t.text[:1].islower() and t.folded not in LOWER_OK for t in tokens):
        return 0
    k = 1
    while k < len(tokens) and _is_name_token(tokens[k]) and not _is_label_word(tokens[k]):
        two = " ".join(t.text for t in tokens[k : k + 2])
        if vocab.names_a_state(two) or vocab.names_a_state(tokens[k].text):
            break
        k += 1
    return k if k > 1 else 0


def _of_body(tokens: list[_Token]) -> int | None:
    """The index of the `of` that joins a named person to a body or a state (`... Armstrong of H. M.
    Treasury`, `Prime Minister Walter Nash of New Zealand`)."""
    for k, token in enumerate(tokens):
        if token.text != "of" or k < 2 or not _is_name_token(tokens[k - 1]) or _is_label_word(tokens[k - 1]):
            continue
        after = tokens[k + 1 :]
        if after and (
            any(t.folded.rstrip(".") in vocab.ORGANIZATION_WORDS for t in after)
            or vocab.names_a_state(" ".join(t.text for t in after))
        ):
            return k
    return None


def _piece(text: str, offset: int) -> tuple[str, Named | None, list[_Token]]:
    """Classify one piece: ('person', Named, tokens) or (kind, None, tokens)."""
    tokens = _tokens(text, offset)
    of = _of_body(tokens)
    if of is not None:  # `Sir William Armstrong of H. M. Treasury`, `Mr. Chester Carter of Protocol`
        cut = tokens[of].start - offset
        kind, named, _ = _piece(text[:cut].rstrip(), offset)
        if kind == "person" and named:
            named.affiliation = text[tokens[of + 1].start - offset :].strip()
            return kind, named, tokens
    start = _name_start(tokens)
    if start == len(tokens):
        end = _leading_name(tokens)
        if not end:
            return _kind(tokens), None, tokens
        named = Named(
            text[tokens[1].start - offset : tokens[end - 1].end - offset],
            (tokens[1].start, tokens[end - 1].end),
        )
        if end < len(tokens):
            named.title, named.title_span = (
                text[tokens[end].start - offset :].rstrip(" ."),
                (tokens[end].start, tokens[-1].end),
            )
        return "person", named, tokens
    name_tokens, prefix = tokens[start:], tokens[:start]
    if any("_" in t.text or t.folded in vocab.RECORD_WORDS for t in name_tokens):
        return "text", None, tokens  # `A______`, `Conversation Between`: not a name
    if not any(len(t.text.strip(".[]")) >= 2 and not INITIALS.fullmatch(t.text) for t in name_tokens):
        return "group", None, tokens  # `U`, `S.`: an office code, not a name
    honorific = any(t.folded in vocab.HONORIFICS for t in prefix)
    office = any(vocab.is_title_word(t.text) for t in prefix)
    if (
        not honorific
        and not office
        and all(vocab.is_group_word(t.text) or vocab.is_abbreviation(t.text) for t in name_tokens)
    ):
        return _kind(tokens), None, tokens
    if len(prefix) == 1 and not office and len(name_tokens) == 1 and prefix[0].text[:1].isupper():
        name_tokens, prefix = tokens, []  # `Israel Miller`: a given name that is also a state's
    elif prefix and not office and len(name_tokens) == 1:
        return _kind(tokens), None, tokens  # `Saudi Arabian Government Press`: a name of something else
    plain = [t for k, t in enumerate(prefix) if t.folded not in vocab.HONORIFICS and (k or t.folded != "the")]
    if plain and plain[-1].folded in vocab.CONNECTORS and (len(name_tokens) == 1 or honorific):
        return "office", None, tokens  # `Minister for Supply`, `Adviser to Mr Muldoon`
    first, last = name_tokens[0], tokens[-1]
    named = Named(text[first.start - offset : last.end - offset], (first.start, last.end))
    stated = [t for t in prefix if t.folded not in vocab.HONORIFICS and t.folded != "the"]
    if stated:
        t0 = next(t for t in prefix if t in stated)
        t1 = prefix[-1]
        named.title, named.title_span = text[t0.start - offset : t1.end - offset], (t0.start, t1.end)
    return "person", named, tokens


def _pieces(entry: str) -> list[tuple[int, str]]:
    """The entry cut at commas, semicolons, `and` and dashes, with each piece's offset."""
    pieces = []
    position = 0
    for match in PIECE_BREAK.finditer(entry):
        pieces.append((position, entry[position : match.start()]))
        position = match.end()
    pieces.append((position, entry[position:]))
    return [(start, piece) for start, piece in pieces if piece.strip()]


def _split_runs(entry: str) -> list[tuple[int, str]]:
    """Pieces, with a piece cut again where a second person begins without a comma: before an
    honorific that follows other words (`Sir Laurie Francis New Zealand High Commissioner Mr T.
    Groser`, `U.K. Prime Minister Lord Halifax`), but not after a small word (`Adviser to Mr
    Muldoon`, `The Hon. Alfred Barnes`); before an office after a titled name (`Mr. Molotov
    Ambassador Fu`); and before a name with an initial after a body's name (`for African Affairs
    George M. Lane`)."""
    result = []
    for start, piece in _pieces(entry):
        cuts = [0]
        words = [_Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(piece)]
        titled = False
        for k, (previous, token) in enumerate(zip(words, words[1:], strict=False), start=1):
            titled = titled or vocab.is_title_word(previous.text)
            before = previous.folded
            honorific = (
                _is_honorific(token, previous)
                and not (before in vocab.HONORIFICS or before in vocab.CONNECTORS)
                and k + 1 < len(words)
                and _is_name_token(words[k + 1])  # not `First Sea Lord and ...`
            )
            office = (
                titled
                and vocab.is_title_word(token.text)
                and token.folded not in vocab.HONORIFICS
                and _is_name_token(previous)
                and not _is_label_word(previous)
                and k + 1 < len(words)
                and _is_name_token(words[k + 1])
            )
            full_name = (  # `African Affairs George M. Lane`: a name with an initial after a body
                vocab.is_group_word(previous.text)
                and not vocab.is_title_word(previous.text)
                and k + 2 < len(words)
                and _is_name_token(token)
                and not _is_label_word(token)
                and INITIAL.fullmatch(words[k + 1].text) is not None
                and _is_name_token(words[k + 2])
            )
            if honorific or office or full_name:
                cuts.append(token.start)
                titled = False
        for a, b in zip(cuts, [*cuts[1:], len(piece)], strict=True):
            if piece[a:b].strip():
                result.append((start + a, piece[a:b].rstrip()))
    return result


def people_in(entry: str, *, run_of_names: bool = False) -> list[Named]:
    """The persons and offices one entry names, in order, with titles and affiliations attached.

    With `run_of_names` (a run of names in running text: `Stalin, Molotov, Malenkov, [Lavrentii]
    Beria`), a bare word after a comma is a person; in a list's entry it is an affiliation
    (`Mr. Willie Morris, Foreign Office, London`)."""
    glosses: list[tuple[str, tuple[int, int], bool]] = []

    def hide(match: re.Match[str]) -> str:
        group = 1 if match[1] is not None else 2
        glosses.append((match[group], (match.start(group), match.end(group)), group == 2))
        return " " * len(match.group())

    text = GLOSS.sub(hide, entry)
    pieces = [(start, *_piece(piece, start)) for start, piece in _split_runs(text)]
    names_only = (
        run_of_names or " and " in text and all(kind in ("person", "empty") for _, kind, _, _ in pieces)
    )
    found: list[Named] = []
    pending: tuple[str, tuple[int, int]] | None = None  # an office that names the next person
    distributing = ""
    pending_group = ""  # an office code before the name (`NEA—Mr. Deimel`)
    for position, (start, kind, named, tokens) in enumerate(pieces):
        span = (tokens[0].start, tokens[-1].end) if tokens else (start, start)
        words = entry[span[0] : span[1]]
        lead = tokens[0].folded if tokens else ""
        bare = named is not None and not named.title and len(tokens) == 1
        if named and found and not names_only and _relation(named.title):
            found[-1].describe(words, span)  # `Mr. Gyalo Thondup, Brother of the Dalai Lama`
        elif named and (not bare or not found or distributing or names_only):
            distributing = distributing or ("yes" if lead in PLURAL_HONORIFICS else "")
            if pending and not named.title:
                named.title, named.title_span = pending
            named.affiliation = named.affiliation or pending_group
            pending, pending_group = None, ""
            found.append(named)
        elif kind == "suffix" and found:
            found[-1].name = entry[found[-1].name_span[0] : span[1]]
            found[-1].name_span = (found[-1].name_span[0], span[1])
        elif kind == "office" and (lead == "the" or not found):
            following = position + 1 < len(pieces) and pieces[position + 1][1] == "person"
            if lead != "the" and following:
                pending = (words, span)
            else:
                found.append(Named(words, span, office=True))
        elif kind in ("office", "text") and found:
            found[-1].describe(words, span)
        elif kind == "group" and not found:
            pending_group = words
        elif (kind == "group" or bare) and found and not found[-1].affiliation:
            found[-1].affiliation = words
        elif (kind == "group" or bare) and found:
            found[-1].notes.append(words)
    _attach_glosses(found, glosses)
    return found


def _relation(title: str) -> bool:
    """A title that relates the name after it to somebody else (`Brother of the`, `International
    Affairs Advisor to President`, `Personal Representative of the`, `representing Lieut. General`),
    not an office of a body (`Secretary of State`)."""
    match = RELATION.search(title)
    if match is None or not (match["standing"] or title[: match.start()].split()):
        return False
    head = title[: match.start()].split()[-1] if not match["standing"] else ""
    words = [w for w in match[0].split()[1:] if w != "the"]  # `President`, not `Naval Staff Lt Gen`
    return (
        not vocab.is_group_word(head)  # `Brother of the`, not `Bureau of the` (Budget W. S. DeLany)
        and len(words) <= 2
        and all(vocab.is_title_word(w) and not vocab.is_group_word(w) for w in words)
    )


def _attach_glosses(found: list[Named], glosses: list[tuple[str, tuple[int, int], bool]]) -> None:
    """Glosses of the person they follow: an office in parentheses (`(interpreter)`, `(Chairman)`)
    or an affiliation (`(State)`); another name between slashes (`Shi Zhe /Karskii/`)."""
    for text, span, other_name in glosses:
        owner = next((n for n in reversed(found) if n.name_span[0] < span[0]), found[0] if found else None)
        if owner is None:
            continue
        words = text.split()
        if other_name:
            owner.notes.append(text)
        elif any(vocab.is_title_word(w) for w in words) or any(w[:1].islower() for w in words):
            owner.describe(text, span)
        elif not owner.affiliation:
            owner.affiliation = text


def plausible_name(name: str) -> bool:
    """A name running text or a title may give for a person: a word that is not an initial, an
    office, a body or a word of the record's own kind (`NOTES ON PRESIDENT`, `Others`, `A______`),
    not opening with a connective (`Thus`) nor ending with a body's word (`War College`)."""
    words = [w.strip("[](),.:;") for w in name.split()]
    if not words or any("_" in w for w in words) or any(w.lower() in vocab.RECORD_WORDS for w in words):
        return False
    if words[0].lower() in vocab.CONNECTIVES or words[-1].lower() in vocab.INSTITUTIONS | vocab.CALENDAR:
        return False  # `Thus`; `War College`; `correspondents November 25`
    if any(vocab.is_title_word(w.partition("-")[0]) and w.partition("-")[2][:1].islower() for w in words):
        return False  # `Minister-at present not overworked`: a title cut by a dash
    return any(
        len(w) >= 2
        and not vocab.is_title_word(w)
        and not vocab.is_group_word(w)
        and w.lower() not in vocab.PARTICLES
        for w in words
    )


def is_group_label(entry: str) -> bool:
    """A line that names a side, not a person: `United States`, `U.S.S.R.`, `Chinese side`, `NATO
    Side`, `Treasury`, `Joint Chiefs of Staff`, `State:`; not a field's heading (`COPIES TO:`)."""
    text = entry.strip().rstrip(":").strip()
    if not text or len(text.split()) > 7:
        return False
    if vocab.names_a_state(text):
        return True
    words = text.replace(",", " ").split()
    if any(vocab.fold(w) in vocab.FIELD_WORDS for w in words):
        return False  # `COPIES TO:`, `DATE AND PLACE:`
    if (
        re.fullmatch(r"side|delegations?|group|team|representatives|officials|members", words[-1], re.I)
        and len(words) > 1
    ):
        words = words[:-1]
    return all(
        vocab.is_group_word(w) or vocab.is_abbreviation(w) or w.lower() in vocab.CONNECTORS for w in words
    ) and not any(w.lower().rstrip(".") in vocab.HONORIFICS for w in words)
