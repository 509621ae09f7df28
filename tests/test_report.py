"""report.json is written from a template: it must be what the standard JSON writer writes."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.model import Finding, Severity
from parley.report import FilePart, render, skeleton

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


def _parts(found: list[Finding], named: list[dict[str, object]]) -> list[FilePart]:
    """What the build gives `render`: one part per file, in file order."""
    files = sorted({f.file for f in found} | {str(c["file"]) for c in named})
    return [
        FilePart.of([f for f in found if f.file == file], [c for c in named if c["file"] == file])
        for file in files
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(findings, max_size=6), st.lists(candidates, max_size=4), st.lists(texts, max_size=3))
def test_the_template_writes_what_json_dumps_writes(
    found: list[Finding], named: list[dict[str, object]], ids: list[str]
) -> None:
    rest: dict[str, object] = {"collections": ids, "unlinked": [{"id": i, "label": i} for i in ids]}
    out = b"".join(render(skeleton({"documents": len(named)}, rest), _parts(found, named)))
    assert out == _expected(found, named, rest)


def test_a_value_that_looks_like_the_placeholder_stays_a_value() -> None:
    tricky = '\n  "findings": []'
    found = [Finding(tricky, 1, Severity.INFO, tricky, tricky)]
    rest: dict[str, object] = {"collections": [tricky], "unlinked": []}
    out = b"".join(render(skeleton({"documents": 0}, rest), _parts(found, [])))
    assert out == _expected(found, [], rest)
    assert json.loads(out)["findings"][0]["text"] == tricky
