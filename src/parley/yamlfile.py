"""Reading the hand-edited YAML lists of mappings/: one place for their syntax errors."""

from __future__ import annotations

from pathlib import Path

import yaml

from parley.errors import MappingError

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when PyYAML was built with it


def read_yaml_list(path: Path) -> list[object]:
    """The entries of a YAML file that holds a list; [] when the file is absent or empty."""
    if not path.exists():
        return []
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or []
    except yaml.YAMLError as err:
        raise MappingError(f"{path}: not valid YAML: {err}") from err
    if not isinstance(data, list):
        raise MappingError(f"{path}: expected a list of entries")
    return data
