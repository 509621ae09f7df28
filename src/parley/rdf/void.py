"""The VoID/DCAT description of the dataset."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pyoxigraph import NamedNode, Triple

from parley.config import DatasetInfo
from parley.errors import MappingError
from parley.rdf.iris import Iris
from parley.rdf.terms import Triples, date, english, integer, string
from parley.vocab import DCAT, DCTERMS, VOID, S

D = {name: NamedNode(DCTERMS + name) for name in ("license", "modified", "rights", "source", "title")}
V = {
    name: NamedNode(VOID + name)
    for name in ("Dataset", "triples", "entities", "subset", "dataDump", "distinctSubjects")
}


def load_dataset_info(corpus: Path) -> DatasetInfo:
    path = (corpus if corpus.is_dir() else corpus.parent) / "dataset.yaml"
    if not path.exists():
        return DatasetInfo()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise MappingError(f"{path}: expected a mapping of title, description, license, rights, modified")
    modified = data.get("modified")
    if modified is not None and not isinstance(modified, dt.date):
        raise MappingError(f"{path}: modified must be a date YYYY-MM-DD")
    return DatasetInfo(
        title=str(data.get("title", "Parley dataset")),
        description=str(data.get("description", "")),
        publisher=str(data.get("publisher", "")),
        license=str(data.get("license", "")),
        rights=str(data.get("rights", "")),
        modified=modified,
    )


def void_triples(
    info: DatasetInfo, iris: Iris, sizes: dict[str, tuple[int, int]], *, dump: bool = True
) -> list[Triple]:
    """Dataset title, rights, its dump (if written) and one subset per named graph with its counts of
    triples and subjects; the dataset's triples are its graphs' together (a triple stated in two graphs
    counts twice)."""
    out = Triples()
    dataset = iris.dataset()
    out.typed(dataset, V["Dataset"], NamedNode(DCAT + "Dataset"))
    out.add(dataset, D["title"], english(info.title))
    out.add(dataset, S.description, english(info.description))
    out.add(dataset, S.publisher, string(info.publisher))
    out.add(dataset, D["license"], NamedNode(info.license) if info.license else None)
    out.add(dataset, D["rights"], english(info.rights))
    out.add(dataset, D["modified"], date(info.modified) if info.modified else None)
    out.add(dataset, V["triples"], integer(sum(triples for triples, _ in sizes.values())))
    out.add(dataset, V["dataDump"], NamedNode(iris.base + "parley.trig") if dump else None)
    for name, (triples, subjects) in sorted(sizes.items()):
        subset = NamedNode(f"{dataset.value}/{name}")
        out.typed(subset, V["Dataset"])
        out.add(dataset, V["subset"], subset)
        out.add(subset, D["source"], iris.graph(name))
        out.add(subset, V["triples"], integer(triples))
        out.add(subset, V["distinctSubjects"], integer(subjects))
    return out.items
