"""The small hierarchy of errors Parley raises; the CLI turns each into one clean message."""

from __future__ import annotations


class ParleyError(Exception):
    """Base of every error Parley raises on purpose."""


class InputError(ParleyError):
    """A source file cannot be read or understood; the message names file and place."""


class MappingError(ParleyError):
    """A file in mappings/ is malformed; the message names file, entry and what is allowed."""


class ValidationFailed(ParleyError):
    """The built graph does not conform to the SHACL shapes."""


class ShapesError(ParleyError):
    """A SHACL shapes file uses a feature the fast validator does not support; the message names the shape."""


class StrictModeError(ParleyError):
    """--strict was given and the build produced warnings."""


class EndpointError(ParleyError):
    """A SPARQL endpoint or graph store refused, was unreachable or failed."""


class BusyError(ParleyError):
    """Another build holds the output folder or the build cache."""


class CacheDamaged(ParleyError):
    """The build cache lacks what its index says it holds; the damaged part is dropped for the next build."""
