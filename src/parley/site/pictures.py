"""The site's pictures as plain SVG drawn at build time: a timeline of meetings, the network of who
met whom and who spoke about which issue, and the positions of each party on one issue over time.

Each picture has a <title> and a <desc>, and every mark has its own <title>; marks link to pages.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

STANCES = ("asserts", "proposes", "demands", "asks", "accepts", "concedes", "rejects")
COLOURS = ("#1f5fa8", "#2e8540", "#b35900", "#6a4c93", "#0b7a75", "#8a6d00", "#b0102d", "#555555")


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    href: str | None
    group: str  # "person" or "issue"


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    kind: str  # "met" or "spoke"
    weight: int
    note: str


@dataclass(frozen=True)
class Dated:
    label: str
    date: str | None
    href: str | None


@dataclass(frozen=True)
class Position:
    party: str
    date: str
    stance: str
    quote: str
    href: str | None


def _f(x: float) -> str:
    return f"{x:.1f}"


def _svg(width: float, height: float, title: str, desc: str, body: Iterable[str], cls: str) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="picture {cls}" role="img" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" width="{_f(width)}" height="{_f(height)}" '
        f'aria-labelledby="{cls}-title {cls}-desc">'
        f'<title id="{cls}-title">{escape(title)}</title><desc id="{cls}-desc">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _linked(href: str | None, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def _year_fraction(date: str) -> float:
    day = dt.date.fromisoformat(date[:10])
    return day.year + (day.timetuple().tm_yday - 1) / 366


def timeline(meetings: list[Dated]) -> Markup:
    """One row per dated meeting, a dot at its date on a shared axis of years."""
    dated = sorted((m for m in meetings if m.date), key=lambda m: (m.date or "", m.label))
    if not dated:
        return Markup("")
    first = int(_year_fraction(dated[0].date or ""))
    last = int(_year_fraction(dated[-1].date or "")) + 1
    left, right, row = 380.0, 880.0, 24.0
    height = row * len(dated) + 40

    def x(date: str) -> float:
        return left + (right - left) * (_year_fraction(date) - first) / (last - first)

    body = []
    for year in range(first, last + 1):
        if (last - first) <= 10 or year % 5 == 0 or year in (first, last):
            body.append(
                f'<line class="tick" x1="{_f(x(f"{year}-01-01"))}" x2="{_f(x(f"{year}-01-01"))}" y1="4" '
                f'y2="{_f(height - 30)}"/><text class="year" x="{_f(x(f"{year}-01-01"))}" '
                f'y="{_f(height - 12)}" text-anchor="middle">{year}</text>'
            )
    for i, m in enumerate(dated):
        y = 18 + i * row
        label = f"{m.date}: {m.label}"
        body.append(
            _linked(
                m.href,
                f'<g class="meeting-mark"><title>{escape(label)}</title>'
                f'<text x="{_f(left - 12)}" y="{_f(y + 4)}" text-anchor="end">{escape(label[:60])}</text>'
                f'<circle cx="{_f(x(m.date or ""))}" cy="{_f(y)}" r="6"/></g>',
            )
        )
    desc = f"{len(dated)} meetings from {dated[0].date} to {dated[-1].date}, one row each, by date."
    return _svg(900, height, "Timeline of the meetings", desc, body, "timeline")


PEOPLE_SHOWN = 40  # people the index's network names: on a ring of radius 330, labels 52 px apart
ISSUES_SHOWN = 16  # issues on its inner ring of radius 150: 59 px apart
STANDALONE_STYLE = (
    "<style>svg{font:12px system-ui,sans-serif}.tick{stroke:#ddd}.meeting-mark circle{fill:#1f5fa8}"
    ".edge.met{stroke:#999;stroke-opacity:.5}.edge.spoke{stroke:#b35900;stroke-opacity:.6}"
    ".node.person circle{fill:#1f5fa8}.node.issue circle{fill:#b35900}a text{fill:#1f5fa8}"
    "a:hover text,a:focus text{text-decoration:underline}</style>"
)


def standalone(picture: Markup) -> str:
    """`picture` as an SVG file of its own, for an <object> on a page: its style inside it, its links
    opening in the page (target _top), not in the picture's frame."""
    if not picture:
        return ""
    head_end = picture.index(">") + 1
    body = str(picture[head_end:]).replace("<a href=", '<a target="_top" href=')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + str(picture[:head_end]) + STANDALONE_STYLE + body + "\n"
    )


def _most_connected(nodes: list[Node], edges: list[Edge], group: str, limit: int) -> list[Node]:
    """The `limit` nodes of `group` with the heaviest edges (ties by label), in label order."""
    weight: dict[str, int] = {}
    for e in edges:
        for key in (e.a, e.b):
            weight[key] = weight.get(key, 0) + e.weight
    members = [n for n in nodes if n.group == group]
    kept = sorted(members, key=lambda n: (-weight.get(n.key, 0), n.label, n.key))[:limit]
    return sorted(kept, key=lambda n: (n.label, n.key))


def network(
    nodes: list[Node],
    edges: list[Edge],
    *,
    people_shown: int = PEOPLE_SHOWN,
    issues_shown: int = ISSUES_SHOWN,
) -> Markup:
    """People on an outer circle, issues on an inner one; lines for who met whom and who spoke about what.

    Readable at any size by filtering: only the `people_shown` people and `issues_shown` issues with
    the most meetings and claims are drawn (the description says how many are left out); each
    person's own page draws everyone that person met (`ego`)."""
    people = _most_connected(nodes, edges, "person", people_shown)
    issues = _most_connected(nodes, edges, "issue", issues_shown)
    left_out = sum(1 for n in nodes if n.group == "person") - len(people)
    size, centre = 960.0, 480.0
    where: dict[str, tuple[float, float, float]] = {}
    for ring, radius in ((people, 330.0), (issues, 150.0)):
        for i, node in enumerate(ring):
            angle = 2 * math.pi * i / max(len(ring), 1) - math.pi / 2
            where[node.key] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle), angle)
    body = []
    for e in sorted(edges, key=lambda e: (e.kind, e.a, e.b)):
        if e.a in where and e.b in where:
            (x1, y1, _), (x2, y2, _) = where[e.a], where[e.b]
            body.append(
                f'<line class="edge {e.kind}" x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" '
                f'stroke-width="{_f(min(1 + e.weight / 2, 6))}"><title>{escape(e.note)}</title></line>'
            )
    for node in people + issues:
        x, y, angle = where[node.key]
        right = math.cos(angle) >= 0
        dx = 10 if right else -10
        body.append(
            _linked(
                node.href,
                f'<g class="node {node.group}"><title>{escape(node.label)}</title>'
                f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{6 if node.group == "person" else 8}"/>'
                f'<text x="{_f(x + dx)}" y="{_f(y + 4)}" text-anchor="{"start" if right else "end"}">'
                f"{escape(node.label)}</text></g>",
            )
        )
    shown = f"the {len(people)} people with the most meetings and claims ({left_out} more are left out)"
    desc = (
        f"{shown if left_out else f'{len(people)} people'} (outer ring) and {len(issues)} issues (inner "
        "ring). A grey line joins two people who took part in the same meeting; a coloured line joins a "
        "person to an issue they took a position on. Thicker lines mean more meetings or claims."
    )
    return _svg(size, size, "Who met whom and who spoke about what", desc, body, "network")


def ego(centre: Node, met: list[tuple[Node, int]], *, shown: int = PEOPLE_SHOWN) -> Markup:
    """One person in the middle and, on a ring around, the `shown` people they met most often (ties by
    name), a line to each as thick as their meetings together."""
    if not met:
        return Markup("")
    ring = sorted(met, key=lambda pair: (-pair[1], pair[0].label, pair[0].key))[:shown]
    ring.sort(key=lambda pair: (pair[0].label, pair[0].key))
    size, c, radius = 640.0, 320.0, 200.0
    body = []
    marks = []
    for i, (node, n) in enumerate(ring):
        angle = 2 * math.pi * i / len(ring) - math.pi / 2
        x, y = c + radius * math.cos(angle), c + radius * math.sin(angle)
        note = f"{centre.label} and {node.label}: {n} meeting(s) together"
        body.append(
            f'<line class="edge met" x1="{_f(c)}" y1="{_f(c)}" x2="{_f(x)}" y2="{_f(y)}" '
            f'stroke-width="{_f(min(1 + n / 2, 6))}"><title>{escape(note)}</title></line>'
        )
        right = math.cos(angle) >= 0
        anchor = "start" if right else "end"
        marks.append(
            _linked(
                node.href,
                f'<g class="node person"><title>{escape(note)}</title>'
                f'<circle cx="{_f(x)}" cy="{_f(y)}" r="6"/><text x="{_f(x + (10 if right else -10))}" '
                f'y="{_f(y + 4)}" text-anchor="{anchor}">{escape(node.label)}</text></g>',
            )
        )
    body += marks
    body.append(
        f'<g class="node issue"><circle cx="{_f(c)}" cy="{_f(c)}" r="8"/>'
        f'<text x="{_f(c)}" y="{_f(c - 14)}" text-anchor="middle">{escape(centre.label)}</text></g>'
    )
    more = f" ({len(met) - len(ring)} more are left out)" if len(met) > len(ring) else ""
    desc = f"{centre.label} in the middle and the {len(ring)} people met in the same meetings{more}."
    return _svg(size, size, f"Whom {centre.label} met", desc, body, "ego")


def _marker(stance: str, x: float, y: float) -> str:
    shape = STANCES.index(stance) % 4 if stance in STANCES else 0
    colour = COLOURS[STANCES.index(stance)] if stance in STANCES else COLOURS[-1]
    attrs = f'class="claim-marker stance-{escape(stance.replace(" ", "-"))}" fill="{colour}"'
    if shape == 0:
        return f'<circle {attrs} cx="{_f(x)}" cy="{_f(y)}" r="6">'
    if shape == 1:
        return f'<rect {attrs} x="{_f(x - 5.5)}" y="{_f(y - 5.5)}" width="11" height="11">'
    if shape == 2:
        return (
            f'<polygon {attrs} points="{_f(x)},{_f(y - 7)} {_f(x + 7)},{_f(y + 6)} {_f(x - 7)},{_f(y + 6)}">'
        )
    diamond = f"{_f(x)},{_f(y - 7)} {_f(x + 7)},{_f(y)} {_f(x)},{_f(y + 7)} {_f(x - 7)},{_f(y)}"
    return f'<polygon {attrs} points="{diamond}">'


def _closing(stance: str) -> str:
    shape = STANCES.index(stance) % 4 if stance in STANCES else 0
    return ("</circle>", "</rect>", "</polygon>", "</polygon>")[shape]


def positions(claims: list[Position], title: str) -> Markup:
    """A row per party, a column per meeting date, a marker per claim shaped and coloured by stance."""
    if not claims:
        return Markup("")
    parties = sorted({c.party for c in claims})
    dates = sorted({c.date for c in claims}, key=lambda d: (d == "", d))
    cells: dict[tuple[str, str], list[Position]] = {}
    for c in claims:
        cells.setdefault((c.party, c.date), []).append(c)
    step = 16.0
    column = max(90.0, max(len(v) for v in cells.values()) * step + 20)
    left, top, row = 220.0, 30.0, 34.0
    used = [s for s in STANCES if any(c.stance == s for c in claims)]
    width = max(left + column * len(dates) + 20, 20 + 100 * len(used))
    legend_top = top + row * len(parties) + 40
    height = legend_top + 30
    body = []
    for j, date in enumerate(dates):
        x = left + column * j
        body.append(
            f'<text class="date" x="{_f(x + column / 2)}" y="18" text-anchor="middle">'
            f"{escape(date or 'undated')}</text>"
            f'<line class="tick" x1="{_f(x)}" x2="{_f(x)}" y1="24" y2="{_f(legend_top - 30)}"/>'
        )
    for i, party in enumerate(parties):
        y = top + row * i + row / 2
        body.append(
            f'<text class="party" x="{_f(left - 10)}" y="{_f(y + 4)}" text-anchor="end">'
            f"{escape(party)}</text>"
        )
        for j, date in enumerate(dates):
            for k, c in enumerate(cells.get((party, date), [])):
                x = left + column * j + 16 + k * step
                note = f"{party}, {date or 'undated'}: {c.stance}: \u201c{c.quote}\u201d"
                body.append(
                    _linked(
                        c.href, f"{_marker(c.stance, x, y)}<title>{escape(note)}</title>{_closing(c.stance)}"
                    )
                )
    for k, stance in enumerate(used):
        x = 20 + k * 100
        body.append(
            f"{_marker(stance, x, legend_top)}{_closing(stance)}".replace("claim-marker", "legend-marker")
        )
        body.append(f'<text x="{_f(x + 10)}" y="{_f(legend_top + 4)}">{escape(stance)}</text>')
    desc = (
        f"{len(claims)} claims by {len(parties)} parties on {len(dates)} dates: one row per party, one "
        "column per meeting date, one marker per claim, its shape and colour telling the stance."
    )
    return _svg(width, height, title, desc, body, "positions")
