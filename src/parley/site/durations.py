"""An xsd:duration as people say it: `PT2H` is "2 hours", `PT1H30M` "1 hour 30 minutes"."""

from __future__ import annotations

import re

DURATION = re.compile(
    r"(?P<sign>-?)P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?"
)
UNITS = (("years", "year"), ("months", "month"), ("days", "day"), ("hours", "hour"), ("minutes", "minute"))


def spoken_duration(value: str | None) -> str | None:
    """`value` (an xsd:duration) in words; a value that is not one is returned as it is."""
    if value is None:
        return None
    match = DURATION.fullmatch(value.strip())
    if not match or value.strip() in ("P", "PT") or value.strip().endswith("T"):
        return value
    parts = []
    for group, unit in UNITS:
        if match[group] and int(match[group]):
            n = int(match[group])
            parts.append(f"{n} {unit}{'' if n == 1 else 's'}")
    if match["seconds"] and float(match["seconds"]):
        seconds = match["seconds"].rstrip("0").rstrip(".") if "." in match["seconds"] else match["seconds"]
        parts.append(f"{seconds} second{'' if seconds == '1' else 's'}")
    words = " ".join(parts) or "no time"
    return f"minus {words}" if match["sign"] else words
