"""The full-text index beside the embedded store: which subjects have a `parley:text` containing a
string, so that `search` runs its SPARQL on those subjects only instead of scanning every text.

A SQLite database beside the on-disk store (`store.text.sqlite` beside `store/`) holds the named
graph, the subject and the lowercased text of every `parley:text` triple; `parley.store` keeps it in
step graph by graph and stamps it with the state of the store it matches: an index with another
stamp, or one that cannot be read, is rebuilt from the store.

Why SQLite FTS5: it ships with Python (the `sqlite3` module, no new dependency, no server to run),
and its `trigram` tokenizer indexes every run of three characters, so a quoted string of three
characters or more matches exactly the texts that contain it, spaces and punctuation included:
SPARQL's CONTAINS, not word matching. Texts and strings are lowercased by Python (`str.lower`, the
full Unicode lowercasing that LCASE is in Oxigraph) and matched case-sensitively, so the index
follows the query's case rules, not SQLite's. A shorter string is not answered (the query scans).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Iterator
from contextlib import closing
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

TEXT = ox.NamedNode("https://w3id.org/parley/ontology#text")
SHORTEST = 3  # characters: the trigram tokenizer matches nothing shorter
BATCH = 10_000  # rows inserted at a time
SCHEMA = """
CREATE TABLE stamp (stamp TEXT NOT NULL);
CREATE TABLE passage (id INTEGER PRIMARY KEY, graph TEXT NOT NULL, subject TEXT);
CREATE INDEX passage_graph ON passage (graph);
CREATE VIRTUAL TABLE body USING fts5 (text, tokenize = 'trigram case_sensitive 1');
"""
Row = tuple[str, str | None, str]  # graph ('' for the default graph), subject IRI (None: blank), text


def beside(cache: Path) -> Path:
    """The index file of the store at `cache`."""
    return cache.with_name(cache.name + ".text.sqlite")


def rebuild(store: ox.Store, path: Path, stamp: str) -> None:
    """Write the index of every `parley:text` of `store` to `path`, stamped `stamp`: in a new file
    that then replaces the old one, so an interrupted rebuild leaves the old index or none."""
    fresh = path.with_name(path.name + ".new")
    fresh.unlink(missing_ok=True)
    with closing(sqlite3.connect(fresh)) as db, db:
        db.executescript(SCHEMA)
        _insert(db, _rows(store.quads_for_pattern(None, TEXT, None)))
        db.execute("INSERT INTO stamp VALUES (?)", (stamp,))
    path.with_name(path.name + "-journal").unlink(missing_ok=True)  # the old file's, not the new one's
    fresh.replace(path)


def refresh(
    store: ox.Store, path: Path, stamp: str, *, since: str = "", graphs: Collection[str] = ()
) -> None:
    """Bring the index at `path` in step with `store`, whose state is `stamp`: an index at `stamp` is
    kept; one at `since` gets the rows of `graphs` replaced (in one transaction, with its stamp);
    any other (missing, damaged, of another state) is rebuilt."""
    try:
        with closing(sqlite3.connect(path)) as db:
            found = db.execute("SELECT stamp FROM stamp").fetchall()
            if found == [(stamp,)]:
                return
            if since and found == [(since,)]:
                with db:
                    for iri in graphs:
                        _replace(db, store, iri)
                    db.execute("UPDATE stamp SET stamp = ?", (stamp,))
                return
    except sqlite3.DatabaseError:  # not a database, a damaged one, or one without the tables
        pass
    rebuild(store, path, stamp)


class TextIndex:
    """The index at `path`, read-only."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def containing(self, text: str) -> list[str] | None:
        """The subjects (IRIs, sorted) whose `parley:text` contains `text`, ignoring case; None when
        the index cannot tell (a string shorter than three characters, a text on a blank node, an
        index that cannot be read): then the caller scans."""
        needle = text.lower()
        if len(needle) < SHORTEST:
            return None
        phrase = '"' + needle.replace('"', '""') + '"'  # one FTS5 string: the whole needle, quotes doubled
        try:
            with closing(sqlite3.connect(self.path.as_uri() + "?mode=ro", uri=True)) as db:
                found = db.execute(
                    "SELECT DISTINCT subject FROM body JOIN passage ON passage.id = body.rowid"
                    " WHERE body MATCH ?",
                    (phrase,),
                ).fetchall()
        except sqlite3.DatabaseError:
            return None
        subjects = [subject for (subject,) in found]
        return None if None in subjects else sorted(subjects)


def _rows(quads: Iterable[ox.Quad]) -> Iterator[Row]:
    for quad in quads:
        graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        subject = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else None
        if isinstance(quad.object, ox.NamedNode | ox.Literal):  # STR() of a blank node fails: no match
            yield graph, subject, quad.object.value.lower()


def _insert(db: sqlite3.Connection, rows: Iterable[Row]) -> None:
    """Add `rows`, numbered after the last passage, a batch at a time."""
    (top,) = db.execute("SELECT coalesce(max(id), 0) FROM passage").fetchone()
    numbered = enumerate(rows, top + 1)
    while batch := list(islice(numbered, BATCH)):
        db.executemany("INSERT INTO passage VALUES (?, ?, ?)", [(n, g, s) for n, (g, s, _) in batch])
        db.executemany("INSERT INTO body (rowid, text) VALUES (?, ?)", [(n, t) for n, (_, _, t) in batch])


def _replace(db: sqlite3.Connection, store: ox.Store, iri: str) -> None:
    db.execute("DELETE FROM body WHERE rowid IN (SELECT id FROM passage WHERE graph = ?)", (iri,))
    db.execute("DELETE FROM passage WHERE graph = ?", (iri,))
    _insert(db, _rows(store.quads_for_pattern(None, TEXT, None, ox.NamedNode(iri))))
