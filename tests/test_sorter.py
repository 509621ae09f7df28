"""The external sort gives what `write.canonical` gives, whatever the terms hold."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from parley.sorter import TripleSorter
from parley.write import canonical

XSD = "http://www.w3.org/2001/XMLSchema#"
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
iris = st.sampled_from(["a", "a/b", "a/b/c", "ab", "a-b", "é", "a%20b", "a#x", "a/1", "a/10", "a/2"]).map(
    lambda local: NamedNode(f"https://example.org/{local}")
)
literals = st.one_of(
    texts.map(Literal),
    st.tuples(texts, st.sampled_from(["en", "en-gb", "ru"])).map(lambda t: Literal(t[0], language=t[1])),
    st.tuples(texts, st.sampled_from(["integer", "date", "string"])).map(
        lambda t: Literal(t[0], datatype=NamedNode(XSD + t[1]))
    ),
)
subjects = st.one_of(iris, st.sampled_from(["b1", "b10", "b2"]).map(BlankNode))
triples = st.builds(Triple, subjects, iris, st.one_of(iris, literals, subjects))


@settings(max_examples=300, deadline=None)
@given(st.lists(triples, max_size=60), st.integers(1, 20))
def test_spilled_runs_merge_into_the_canonical_order(items: list[Triple], limit: int) -> None:
    with TripleSorter(limit) as sorter:
        for start in range(0, len(items), 7):
            sorter.add(items[start : start + 7])
        sorter.add(items[:5])  # repeated triples come out once
        merged = list(sorter.sorted())
        assert sorter.spilled == (len(items) + min(len(items), 5) >= limit)
    assert merged == canonical(items)


def test_without_spilling_nothing_touches_the_disk() -> None:
    item = Triple(NamedNode("https://example.org/a"), NamedNode("https://example.org/p"), Literal("x"))
    with TripleSorter(10) as sorter:
        sorter.add([item, item])
        assert list(sorter.sorted()) == [item] and not sorter.spilled
