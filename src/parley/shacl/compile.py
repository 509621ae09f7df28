"""Compile a SHACL shapes graph into checks: one SPARQL pattern per constraint that binds `?this` (the
focus node) and `?value` for every violation of that constraint in the whole data graph at once.

Only the SHACL features Parley's shapes use are supported; any other `sh:` term on a shape raises
`ShapesError` naming the shape, so a new shape cannot be silently ignored. Generic messages copy
pyshacl's wording (through its own `stringify_node`), so both engines report the same text.
"""

from __future__ import annotations

import re
from pathlib import Path

from pyshacl.rdfutil.stringify import stringify_node
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from parley.errors import InputError, ShapesError
from parley.shacl.checks import FOCUS, Check, Compiled

INSTANCE = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
_CASTS = {XSD[t] for t in ("integer", "decimal", "double", "float", "boolean", "date", "dateTime", "time")}
_CASTS |= {XSD.duration}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
_SHAPE_TERMS = {
    SH.targetClass, SH.targetSubjectsOf, SH.property, SH.path, SH.minCount, SH.maxCount, SH.datatype,
    SH["class"], SH.nodeKind, SH.pattern, SH["in"], SH.languageIn, SH.uniqueLang, SH.minInclusive,
    SH.maxInclusive, SH.lessThan, SH.lessThanOrEquals, SH["or"], SH.severity, SH.message, SH.sparql,
    SH.name, SH.description,
}  # fmt: skip
_SPARQL_TERMS = {SH.select, SH.message, SH.prefixes, SH.severity}


def compile_shapes(path: Path) -> Compiled:
    """Read the shapes file at `path` and compile every constraint of every shape."""
    try:
        graph = Graph().parse(path, format="turtle")
    except Exception as err:  # rdflib raises many unrelated types for bad syntax
        raise InputError(f"{path}: cannot parse: {err}") from err
    return _Compiler(graph).run()


class _Compiler:
    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.prefixes: dict[str, str] = {}
        self.targets: list[str] = []

    def run(self) -> Compiled:
        shapes = {s for s, p in self.g.subject_predicates(None) if str(p).startswith(f"{SH}target")}
        shapes |= set(self.g.subjects(RDF.type, SH.NodeShape))
        checks = [check for shape in sorted(shapes, key=str) for check in self._node_shape(shape)]
        return Compiled(tuple(checks), tuple(self.targets), tuple(sorted(self.prefixes.items())))

    def _node_shape(self, shape: Node) -> list[Check]:
        self._supported(shape, _SHAPE_TERMS - {SH.path})
        if {RDFS.Class, OWL.Class} & set(self.g.objects(shape, RDF.type)):
            raise ShapesError(f"shape {self._name(shape)}: implicit class targets are not supported")
        if (shape, SH.targetClass, None) not in self.g and (shape, SH.targetSubjectsOf, None) not in self.g:
            return []
        targets = [f"{{ ?this {INSTANCE} {c.n3()} }}" for c in self.g.objects(shape, SH.targetClass)]
        targets += [f"{{ ?this {p.n3()} [] }}" for p in self.g.objects(shape, SH.targetSubjectsOf)]
        self.targets.append(f"{{ SELECT DISTINCT ?this WHERE {{ {' UNION '.join(sorted(targets))} }} }}")
        target = f"?this <{FOCUS}> <{FOCUS}/{len(self.targets) - 1}> ."
        checks = self._constraints(shape, shape, target, None)
        for prop in sorted(self.g.objects(shape, SH.property), key=str):
            self._supported(prop, _SHAPE_TERMS - {SH.targetClass, SH.targetSubjectsOf, SH.sparql})
            checks += self._constraints(prop, prop, target, self._path(prop))
        for constraint in sorted(self.g.objects(shape, SH.sparql), key=str):
            checks.append(self._sparql(shape, constraint, target))
        return checks

    def _path(self, shape: Node) -> tuple[URIRef, bool]:
        path = self.g.value(shape, SH.path)
        if isinstance(path, URIRef):
            return path, False
        inverse = self.g.value(path, SH.inversePath) if isinstance(path, BNode) else None
        if isinstance(inverse, URIRef) and len(list(self.g.predicate_objects(path))) == 1:
            return inverse, True
        raise ShapesError(
            f"shape {self._name(shape)}: only an IRI or [ sh:inversePath IRI ] path is supported"
        )

    def _constraints(
        self, shape: Node, source: Node, target: str, path: tuple[URIRef, bool] | None
    ) -> list[Check]:
        """The checks of the core constraints of `shape` (a node shape when `path` is None)."""
        values = "BIND (?this AS ?value)" if path is None else _values(*path)
        checks: list[Check] = []

        def add(component: str, pattern: str, generic: str) -> None:
            checks.append(self._check(source, SH[component], path, pattern, generic))

        p = "" if path is None else stringify_node(self.g, self.g.value(shape, SH.path))  # type: ignore[arg-type]
        for n in self._numbers(shape, SH.minCount):
            body = f"FILTER NOT EXISTS {{ {values} }}" if n == 1 else _count(values, f"< {n}", optional=True)
            add("MinCountConstraintComponent", f"{target} {body}", f"Less than {n} values on {{$this}}->{p}")
        for n in self._numbers(shape, SH.maxCount):
            add("MaxCountConstraintComponent", f"{target} {_count(values, f'> {n}')}",
                f"More than {n} values on {{$this}}->{p}")  # fmt: skip
        if path is not None and self.g.value(shape, SH.uniqueLang) == Literal(True):
            add("UniqueLangConstraintComponent", f"{target} {_unique_lang(values)}",
                "More than one String shares the same Language")  # fmt: skip
        for pred, component, op, word in (  # pyshacl's message words are the other way round
            (SH.lessThan, "LessThanConstraintComponent", "<", "<="),
            (SH.lessThanOrEquals, "LessThanOrEqualsConstraintComponent", "<=", "<"),
        ):
            for other in self.g.objects(shape, pred):
                pattern = (
                    f"{target} {values} ?this {other.n3()} ?other . FILTER (!COALESCE({_compare(op)}, false))"
                )
                add(
                    component,
                    pattern,
                    f"Value of {{$this}}->{stringify_node(self.g, other)} {word} {{?value}}",
                )
        for component, condition, generic in self._value_tests(shape, "?value"):
            add(component, f"{target} {values} FILTER (!COALESCE({condition}, false))", generic)
        return checks

    def _value_tests(self, shape: Node, v: str) -> list[tuple[str, str, str]]:
        """(component, SPARQL condition a conforming value node `v` meets, generic message) per constraint."""
        tests: list[tuple[str, str, str]] = []
        g, s = self.g, self._single
        if (cls := s(shape, SH["class"])) is not None:
            tests.append(("ClassConstraintComponent", f"EXISTS {{ {v} {INSTANCE} {cls.n3()} }}",
                          f"Value does not have class {stringify_node(g, cls)}"))  # fmt: skip
        if (dt := s(shape, SH.datatype)) is not None:
            tests.append(("DatatypeConstraintComponent", _datatype(v, dt),
                          f"Value is not Literal with datatype {stringify_node(g, dt)}"))  # fmt: skip
        if (kind := s(shape, SH.nodeKind)) is not None:
            if kind not in _NODE_KINDS:
                raise ShapesError(f"shape {self._name(shape)}: unknown sh:nodeKind {kind}")
            kind_test = _NODE_KINDS[kind].format(v=v)  # type: ignore[index]
            tests.append(("NodeKindConstraintComponent", kind_test,
                          f"Value is not of Node Kind {stringify_node(g, kind)}"))  # fmt: skip
        if (pattern := s(shape, SH.pattern)) is not None:
            test = f"(!isBlank({v}) && REGEX(STR({v}), {Literal(str(pattern)).n3()}))"
            tests.append(("PatternConstraintComponent", test, f"Value does not match pattern '{pattern}'"))
        if (members := s(shape, SH["in"])) is not None:
            items = list(g.items(members))
            test = " || ".join(f"sameTerm({v}, {i.n3()})" for i in items) or "false"
            listed = [stringify_node(g, i) for i in items]
            tests.append(("InConstraintComponent", f"({test})", f"Value {{?value}} not in list {listed}"))
        if (langs := s(shape, SH.languageIn)) is not None:
            wanted = ", ".join(Literal(str(lang).lower()).n3() for lang in g.items(langs))
            primary = f"LCASE(STRBEFORE(LANG({v}), '-'))"
            test = f"(LANG({v}) != '' && (LCASE(LANG({v})) IN ({wanted}) || {primary} IN ({wanted})))"
            tests.append(("LanguageInConstraintComponent", test,
                          f"String language is not in {stringify_node(g, langs)}"))  # fmt: skip
        for pred, op, component in ((SH.minInclusive, ">=", "Min"), (SH.maxInclusive, "<=", "Max")):
            if (bound := s(shape, pred)) is not None:
                tests.append((f"{component}InclusiveConstraintComponent", f"({v} {op} {bound.n3()})",
                              f"Value is not {op} {stringify_node(g, bound)}"))  # fmt: skip
        if (alternatives := s(shape, SH["or"])) is not None:
            options = [self._conforms(a, v) for a in g.items(alternatives)]
            shown = " , ".join(stringify_node(g, a) for a in g.items(alternatives))
            tests.append(("OrConstraintComponent", f"({' || '.join(options)})",
                          f"Node {{?value}} must conform to one or more shapes in {shown}"))  # fmt: skip
        return tests

    def _conforms(self, shape: Node, v: str) -> str:
        """A SPARQL condition: node `v` conforms to the (blank) shape `shape` of an sh:or list."""
        allowed = {SH.path, SH.minCount, SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH["in"]}
        self._supported(shape, allowed, "in sh:or")
        if self.g.value(shape, SH.path) is None:
            tests = [test for _, test, _ in self._value_tests(shape, v)]
            return f"({' && '.join(tests) or 'true'})"
        if set(self.g.predicates(shape)) - {SH.path, SH.minCount} or self._numbers(shape, SH.minCount) != [1]:
            raise ShapesError(
                f"shape {self._name(shape)}: in sh:or, a property shape may only have sh:minCount 1"
            )
        return f"EXISTS {{ {_values(*self._path(shape), this=v, value='?any')} }}"

    def _sparql(self, shape: Node, constraint: Node, target: str) -> Check:
        self._supported(constraint, _SPARQL_TERMS, "SPARQL constraint")
        select = str(self.g.value(constraint, SH.select) or "")
        if len(re.findall(r"\bSELECT\b", select, re.IGNORECASE)) != 1 or "{" not in select:
            raise ShapesError(
                f"SPARQL constraint {self._name(constraint)}: one SELECT without subqueries is supported"
            )
        for declare in self.g.objects(self.g.value(constraint, SH.prefixes), SH.declare):
            prefix, namespace = (
                str(self.g.value(declare, SH.prefix)),
                str(self.g.value(declare, SH.namespace)),
            )
            if self.prefixes.setdefault(prefix, namespace) != namespace:
                raise ShapesError(
                    f"SPARQL constraint {self._name(constraint)}: prefix {prefix} declared twice"
                )
        head, body = select.replace("$this", "?this").split("{", 1)
        pattern = f"{{ {head.strip()} {{ {target} {body} }}"
        messages = [str(m) for m in self.g.objects(constraint, SH.message)]
        check = self._check(shape, SH.SPARQLConstraintComponent, None, pattern, "")
        shape_messages = [m for m in check.messages if m not in messages]
        return Check(check.shape, check.component, check.severity, None, False, (*messages, *shape_messages),
                     True, "", str(constraint), pattern, check.target)  # fmt: skip

    def _check(self, shape: Node, component: URIRef, path: tuple[URIRef, bool] | None, pattern: str,
               generic: str) -> Check:  # fmt: skip
        severity = self.g.value(shape, SH.severity) or SH.Violation
        messages = tuple(str(m) for m in self.g.objects(shape, SH.message))
        iri, inverse = path or (None, False)
        target = len(self.targets) - 1  # the node shape being compiled added its target last
        return Check(str(shape), str(component), str(severity), iri and str(iri), inverse, messages, False,
                     generic, None, pattern, target)  # fmt: skip

    def _supported(self, shape: Node, allowed: set[URIRef], what: str = "") -> None:
        for pred in set(self.g.predicates(shape)):
            if str(pred).startswith(str(SH)) and pred not in allowed:
                where = f" ({what})" if what else ""
                raise ShapesError(
                    f"shape {self._name(shape)}{where}: {pred.n3(self.g.namespace_manager)} is not supported"
                )

    def _single(self, shape: Node, pred: URIRef) -> Node | None:
        found = list(self.g.objects(shape, pred))
        if len(found) > 1:
            raise ShapesError(f"shape {self._name(shape)}: more than one {pred.n3(self.g.namespace_manager)}")
        return found[0] if found else None

    def _numbers(self, shape: Node, pred: URIRef) -> list[int]:
        return [int(n) for n in self.g.objects(shape, pred) if isinstance(n, Literal)]

    def _name(self, node: Node) -> str:
        return node.n3(self.g.namespace_manager) if isinstance(node, URIRef) else stringify_node(self.g, node)


def _values(pred: URIRef, inverse: bool, this: str = "?this", value: str = "?value") -> str:
    return f"{value} {pred.n3()} {this} ." if inverse else f"{this} {pred.n3()} {value} ."


def _count(values: str, test: str, optional: bool = False) -> str:
    counted = f"{{ SELECT ?this (COUNT(*) AS ?n) WHERE {{ {values} }} GROUP BY ?this }}"
    return (
        f"OPTIONAL {counted} FILTER (COALESCE(?n, 0) {test})" if optional else f"{counted} FILTER (?n {test})"
    )


def _unique_lang(values: str) -> str:
    return (
        f"{{ SELECT ?this WHERE {{ {values} FILTER (LANG(?value) != '') }} "
        "GROUP BY ?this (LCASE(LANG(?value)) AS ?lang) HAVING (COUNT(*) > 1) }"
    )


def _datatype(v: str, dt: Node) -> str:
    """Like pyshacl: a literal of datatype `dt` with a valid lexical form (plain literals: xsd:string)."""
    if dt == RDF.langString:
        return f"(isLiteral({v}) && LANG({v}) != '')"
    test = f"(isLiteral({v}) && DATATYPE({v}) = {dt.n3()}"
    return f"{test} && isLiteral({dt.n3()}(STR({v}))))" if dt in _CASTS else f"{test})"


def _stringlike(v: str) -> str:
    return f"(isIRI({v}) || (isLiteral({v}) && (LANG({v}) != '' || DATATYPE({v}) = {XSD.string.n3()})))"


def _compare(op: str) -> str:
    """pyshacl's order for sh:lessThan(OrEquals): IRIs and strings by their text, other literals by value."""
    left, right = _stringlike("?value"), _stringlike("?other")
    by_text = f"STR(?value) {op} STR(?other)"
    return f"IF({left} && {right}, {by_text}, IF({left} || {right}, false, ?value {op} ?other))"
