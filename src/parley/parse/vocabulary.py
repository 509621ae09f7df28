"""The words of offices, honorifics, organizations and states that records print around names.

They tell a person's name from the title before it (`Assistant Secretary Bundy`), the office
after it (`Walter S. Robertson, Assistant Secretary of State for Far Eastern Affairs`) and the
group a list puts it under (`United States`, `U.S.S.R.`, `Chinese side`, `Treasury`). Country
names come from ISO 3166 through pycountry (current and historic states).
"""

from __future__ import annotations

import functools
import re

import pycountry


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Courtesy titles: never part of a name, never an office.
HONORIFICS = _words(
    """
    mr mr. mrs mrs. ms ms. miss messrs messrs. mme mme. m. mlle dr dr. sir dame lord lady herr frau
    monsieur madame señor senor don h.e. his her excellency honorable honourable hon hon. rt right
    sheikh shaikh sheik cde cde. cdes cdes. com com. comr comr. comrade comrades comrs comrs. tun tan
    sri datuk dato jonkheer viscount earl baron marquess duke
    """
)
# Offices and ranks: a title before a name, or an office without one (`The Secretary`).
OFFICES = _words(
    """
    president president-elect vice vice-president secretary secretaries under under-secretary
    undersecretary assistant deputy ambassador ambassadors ambassador-at-large ambassador-designate
    designate minister ministers prime premier chancellor vice-chancellor foreign general gen gen.
    lt lt. lieut lieut. lieutenant major maj maj. colonel col col. brigadier admiral adm adm. captain capt
    capt. commander cdr cdr. marshal generalissimo field director directors chairman chairwoman chair
    counselor counsellor councillor attaché attache chargé charge d'affaires d’affaires interpreter
    interpreters translator adviser advisor advisers special acting chief officer officers
    officer-in-charge head member members representative representatives permanent delegate
    delegates consul consul-general senator senators governor governor-general judge king queen
    prince princess crown shah emperor sultan spokesman administrator rapporteur commissioner
    commissioners envoy mayor first second third executive associate alternate principal political
    economic military naval attaché secretary-general director-general high regent leader leaders chiefs
    staff aide aides assistants sec sec. amb amb. pres pres. asst asst. dep dep.
    ambassador-designate gov gov. atty atty. pmg controller comptroller air commodore commandant
    vice-marshal vice-admiral rear-admiral major-general lieutenant-general brigadier-general
    congressman congresswoman assemblyman editor editors publisher correspondent correspondents
    """
)
# The words that head an office's name: a phrase ending in one names an office (`Finance Minister`).
OFFICE_HEADS = frozenset(
    [
        "minister",
        "secretary",
        "ambassador",
        "president",
        "chancellor",
        "premier",
        "chairman",
        "director",
        "counselor",
        "counsellor",
        "adviser",
        "advisor",
        "commissioner",
        "representative",
        "delegate",
        "governor",
        "administrator",
        "spokesman",
    ]
)
# Organizations and the words of their names.
ORGANIZATION_WORDS = _words(
    """
    department dept dept. state states embassy ministry office offices bureau affairs council
    committee agency mission house white national security central intelligence joint board bank
    college university institute academy assembly supply fund nations united international government
    delegation delegations protocol division section
    branch service administration navy army force forces marine corps party cabinet secretariat
    commission federal reserve system mutual program programs policy planning research legal
    economic political european african eastern western far near south north east west asian latin
    american arms control disarmament treasury commerce agriculture defense defence labor labour
    interior justice information export-import development aid staff public relations operations
    consulate legation republic kingdom commonwealth foreign external side group politburo cc cpsu
    ccp kmt un nato seato oas ecosoc dominion dominions chiefs exchequer association assoc society
    center centre press treas nationalist communist marines budget federation
    """
)
# Words of institutions' names that are never a person's surname (unlike `White` or `House`).
INSTITUTIONS = _words(
    """
    department dept embassy ministry office offices bureau affairs council committee agency mission
    delegation delegations division section branch service administration corps party secretariat
    commission government board staff fund consulate legation treasury exchequer protocol force forces
    college university institute academy assembly relations bank supply fleet navy army command
    governments pact conference radio association assoc society center centre federation
    """
)
# Words of a memorandum's fields (`COPIES TO:`, `DATE AND PLACE:`), never a side of a meeting.
FIELD_WORDS = _words(
    """
    copies copy distribution date place time subject subjects drafted cleared approved classification
    """
)
# The months and days (`on 18th July Addison`): never a name's word.
CALENDAR = _words(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    """
)
# Words that open a sentence and never a name (`Thus`, `Though Peking-orientated, ...`).
CONNECTIVES = _words(
    """
    thus though although however moreover therefore hence meanwhile nevertheless furthermore
    accordingly then when while if since after before also but so indeed perhaps yet neither either nor
    despite
    """
)
# Words naming peoples and sides (`Chinese side`, `Thai`, `Soviet Ambassador`).
DEMONYMS = _words(
    """
    american americans british english french german germans soviet soviets russian russians chinese
    japanese korean indian pakistani thai vietnamese indonesian australian canadian italian polish
    greek turkish iranian iraqi israeli egyptian saudi saudi-arabian arabian syrian jordanian
    lebanese dutch belgian spanish portuguese mexican brazilian argentine argentinian chilean cuban
    yugoslav czech czechoslovak hungarian romanian rumanian bulgarian austrian swiss swedish
    norwegian danish finnish irish new zealand mongolian burmese cambodian laotian filipino
    philippine malaysian malayan singaporean nigerian ghanaian kenyan ethiopian afghan nepalese
    ceylonese
    """
)
# Small words inside office and organization names.
CONNECTORS = _words("of for the and to in on at de du la le des del di da y und")
# Words inside names that are not capitalized (`Couve de Murville`, `al-Faqih`, `van Kleffens`).
PARTICLES = _words(
    """
    de du da di del della des van von der den ter te la le al el bin ibn abu ben dos das do y zu af
    """
)
# Words run on before a name at a clause's start, never the name's (`According Pyman`, `Saw Sukarno`,
# `Yesterday Cadogan`, `Commenting Bajpai`); a month does the same (`February Latham`).
RUN_ON_OPENERS = _words(
    """
    according today tonight yesterday later then meanwhile subsequently afterwards saw see called
    commenting questioning speaking referring replying answering continuing turning reverting returning
    """
)
# Words of a record's own kind, never in a person's name (`NOTES ON PRESIDENT`, `Conversation Between`).
RECORD_WORDS = _words(
    """
    note notes record records memorandum minutes conversation conversations meeting meetings between
    discussion discussions talks summary others recommendation recommendations attached enclosed annex
    """
)
SUFFIXES = _words("jr jr. sr sr. ii iii iv 2nd 3rd")

_ABBREVIATION = re.compile(r"^(?:[A-Z]\.?){2,6}$|^[A-Z]{2,6}(?:/[A-Z]{1,6})*$|^[A-Z]/[A-Z]+$")


def fold(word: str) -> str:
    """A word as the vocabularies hold it: lower case, curly quotes straightened, brackets off."""
    return word.strip("(),;:").replace("[", "").replace("]", "").lower().replace("’", "'")


@functools.cache
def country_names() -> frozenset[str]:
    """Lower-case names of states, current and historic (`poland`, `ussr`, `german democratic republic`)."""
    names: set[str] = set()
    for country in [*pycountry.countries, *pycountry.historic_countries]:
        for field in ("name", "official_name", "common_name"):
            value = getattr(country, field, None)
            if value:
                names.add(value.lower())
                names.add(value.split(",")[0].lower())
    names |= {
        "u.s.",
        "u.s",
        "us",
        "usa",
        "u.s.a.",
        "uk",
        "u.k.",
        "u.s.s.r.",
        "ussr",
        "soviet union",
        "america",
    }
    names |= {"england", "scotland", "great britain", "britain", "burma", "ceylon", "formosa", "siam"}
    names |= {
        "prc",
        "roc",
        "grc",
        "frg",
        "gdr",
        "drv",
        "rvn",
        "rok",
        "dprk",
        "vietnam",
        "viet-nam",
        "south viet-nam",
    }
    return frozenset(names)


def is_abbreviation(word: str) -> bool:
    """An office code or abbreviation in capitals: `NEA`, `EUR/BMI`, `U.S.S.R.`, `U/PR`."""
    return bool(_ABBREVIATION.match(word.strip("(),;:")))


def is_title_word(word: str) -> bool:
    """An honorific or an office (`Mr.`, `Ambassador`, `Lt.`, `B/Gen.`)."""
    folded = fold(word)
    if folded in HONORIFICS or folded in OFFICES or folded.rstrip(".") in OFFICES:
        return True
    return "/" in folded and folded.split("/")[-1].rstrip(".") in OFFICES | {"gen", "adm"}


def is_group_word(word: str) -> bool:
    """A word of an organization's, a state's or a people's name (`Koreans` too)."""
    folded = fold(word).rstrip(".")
    return (
        folded in ORGANIZATION_WORDS
        or folded in DEMONYMS
        or folded.endswith("s")
        and folded[:-1] in DEMONYMS
        or folded in country_names()
    )


def names_a_state(text: str) -> bool:
    """`United States`, `U.S.S.R.`, `Federal Republic of Germany`, `Greece`."""
    return text.strip(" :.,").lower() in country_names() or text.strip(" :,").lower() in country_names()
