"""A fast SHACL validator for Parley's shapes: each constraint compiled to one SPARQL query over the
whole data graph, run by pyoxigraph; same results as pyshacl, which stays the reference."""

from parley.shacl.report import ShapeResult, report_turtle
from parley.shacl.validator import Validator

__all__ = ["ShapeResult", "Validator", "report_turtle"]
