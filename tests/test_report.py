"""report.json is written from a template: it must be what the standard JSON writer writes."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.model import Finding, Severity
from parley.report import FilePart, Piece, Placed, render, skeleton, skeleton_of_rest, with_summary

texts = st.text(
    st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=("Cs",)), max_size=40
)
findings = st.builds(Finding, texts, st.integers(0, 10**6), st.sampled_from(list(Severity)), texts, texts)
candidates = st.fixed_dictionaries(
    {"file": texts, "line": st.integers(0, 10**6), "name": texts, "reason": texts, "context": texts}
)


def _expected(found: list[Finding], named: list[dict[str, object]], rest: dict[str, object]) -> bytes:
    report = {
        "summary": {"documents": len(named)},
        "findings": [
            {
                "file": f.file,
                "line": f.line,
                "severity": f.severity.value,
                "message": f.message,
                "text": f.text,
            }
            for f in sorted(found, key=lambda f: (f.file, f.line, f.message, f.text))
        ],
        "candidates": sorted(named, key=lambda c: (str(c["file"]), str(c["line"]), str(c["name"]))),
        **rest,
    }
    return (json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _parts(found: list[Finding], named: list[dict[str, object]]) -> list[tuple[str, FilePart]]:
    """What the build gives `render`: one part per file, in file order."""
    files = sorted({f.file for f in found} | {str(c["file"]) for c in named})
    return [
        (file, FilePart.of([f for f in found if f.file == file], [c for c in named if c["file"] == file]))
        for file in files
    ]


def _joined(pieces: list[Piece], old: bytes = b"") -> bytes:
    """The report the pieces make, the ranges taken from the `old` report."""
    return b"".join(p if isinstance(p, bytes) else old[p[0] : p[0] + p[1]] for p in pieces)


@settings(max_examples=300, deadline=None)
@given(st.lists(findings, max_size=6), st.lists(candidates, max_size=4), st.lists(texts, max_size=3))
def test_the_template_writes_what_json_dumps_writes(
    found: list[Finding], named: list[dict[str, object]], ids: list[str]
) -> None:
    rest: dict[str, object] = {"collections": ids, "unlinked": [{"id": i, "label": i} for i in ids]}
    out = b"".join(render(skeleton({"documents": len(named)}, rest), _parts(found, named), {}))
    assert out == _expected(found, named, rest)


def test_a_value_that_looks_like_the_placeholder_stays_a_value() -> None:
    tricky = '\n  "findings": []'
    found = [Finding(tricky, 1, Severity.INFO, tricky, tricky)]
    rest: dict[str, object] = {"collections": [tricky], "unlinked": []}
    out = b"".join(render(skeleton({"documents": 0}, rest), _parts(found, []), {}))
    assert out == _expected(found, [], rest)
    assert json.loads(out)["findings"][0]["text"] == tricky


@settings(max_examples=300, deadline=None)
@given(
    st.lists(findings, max_size=8),
    st.lists(candidates, max_size=5),
    st.lists(findings, max_size=3),
    st.lists(st.booleans(), min_size=12, max_size=12),
)
def test_a_report_copied_in_part_from_the_last_one_is_the_report_written_anew(
    found: list[Finding], named: list[dict[str, object]], extra: list[Finding], changed: list[bool]
) -> None:
    """The build copies the parts that did not change from the report last written, by the byte ranges
    `render` noted for them: the result is the report rendered from all parts."""
    before: dict[str, object] = {"collections": [], "unlinked": []}
    placed: dict[str, Placed] = {}
    old = b"".join(render(skeleton({"documents": len(named)}, before), _parts(found, named), placed))
    files = sorted({f.file for f in found})
    edited = [f for f in found if f.file not in files[:1]] + extra  # one file dropped, findings added
    after: dict[str, object] = {"collections": ["a record added"], "unlinked": []}  # the skeleton grows
    new_parts = _parts(edited, named)
    mixed: list[tuple[str, FilePart | Placed]] = [
        (
            file,
            placed[file]
            if file in placed and placed[file].sha256 == part.sha256 and not changed[i % 12]
            else part,
        )
        for i, (file, part) in enumerate(new_parts)
    ]
    placed_again: dict[str, Placed] = {}
    pieces = list(render(skeleton({"documents": len(named)}, after), mixed, placed_again))
    whole = _expected(edited, named, after)
    assert _joined(pieces, old) == whole
    for file, part in new_parts:  # where each part lies in the report just made
        for at, text in (
            (placed_again[file].findings, part.findings),
            (placed_again[file].candidates, part.candidates),
        ):
            assert whole[at[0] : at[0] + at[1]] == text.encode()


def test_the_unchanged_parts_of_a_report_come_as_one_range_per_list() -> None:
    found = [Finding(f"corpus/{i:02d}.txt", 1, Severity.INFO, "note", "text") for i in range(20)]
    rest: dict[str, object] = {"collections": [], "unlinked": []}
    placed: dict[str, Placed] = {}
    parts = _parts(found, [])
    old = b"".join(render(skeleton({"documents": 20}, rest), parts, placed))
    mixed: list[tuple[str, FilePart | Placed]] = [
        (f, p if f == "corpus/10.txt" else placed[f]) for f, p in parts
    ]
    pieces = list(render(skeleton({"documents": 20}, rest), mixed, {}))
    assert [p for p in pieces if isinstance(p, tuple)] == [  # the files before the changed one, and after
        (
            placed["corpus/00.txt"].findings[0],
            sum(placed["corpus/09.txt"].findings) - placed["corpus/00.txt"].findings[0],
        ),
        (
            placed["corpus/11.txt"].findings[0],
            sum(placed["corpus/19.txt"].findings) - placed["corpus/11.txt"].findings[0],
        ),
    ]
    assert _joined(pieces, old) == old


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(texts, st.integers(0, 10**9), max_size=5),
    st.lists(st.fixed_dictionaries({"id": texts, "title": texts}), max_size=4),
)
def test_a_kept_skeleton_with_this_build_s_summary_is_the_whole_skeleton(
    summary: dict[str, int], documents: list[dict[str, str]]
) -> None:
    rest: dict[str, object] = {"documents": documents, "unlinked": [], "mergeable": []}
    whole = dict(rest) | {"summary": summary, "findings": [], "candidates": []}
    expected = json.dumps(whole, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert with_summary(skeleton_of_rest(rest), summary) == expected == skeleton(summary, rest)
