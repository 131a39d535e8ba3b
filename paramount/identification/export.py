"""The contract's identifications export, with spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
from pathlib import Path

from paramount.files import open_private
from paramount.identification.models import Identification
from paramount.privacy.selectors import withheld_identifications_q

EXPORT_COLUMNS = (
    "identification_id", "movement_id", "prison_number", "reception_date", "child_key",
    "child_source_records", "child_first_name", "child_last_name", "child_date_of_birth",
    "child_age", "child_postcode", "area", "relationship", "lives_with_child",
    "parent_match_probability", "match_band", "status",
)  # fmt: skip

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """A cell a spreadsheet would run as a formula is prefixed with ``'`` (ASVS 1.2.10)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_row(identification: Identification) -> list[str]:
    movement = identification.movement
    values = {
        "identification_id": identification.identification_id,
        "movement_id": movement.movement_id,
        "prison_number": movement.prison_number,
        "reception_date": movement.movement_date.isoformat(),
        "child_key": identification.child_key,
        "child_source_records": identification.child_source_records,
        "child_first_name": identification.child_first_name,
        "child_last_name": identification.child_last_name,
        "child_date_of_birth": identification.child_date_of_birth.isoformat()
        if identification.child_date_of_birth
        else "",
        "child_age": "" if identification.child_age is None else identification.child_age,
        "child_postcode": identification.child_postcode,
        "area": identification.area,
        "relationship": identification.relationship,
        "lives_with_child": identification.lives_with_child,
        "parent_match_probability": f"{identification.parent_match_probability:.4f}",
        "match_band": identification.match_band,
        "status": identification.status,
    }
    return [neutralise(values[c]) for c in EXPORT_COLUMNS]


def identifications_export(*, identifications, out: Path) -> int:
    """Write the export to ``out`` and return the number of rows."""
    # Restricted people are never exported (SECURITY 18).
    identifications = identifications.exclude(withheld_identifications_q())
    count = 0
    # Names of children and of people in prison: readable by the service account only.
    with open_private(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXPORT_COLUMNS)
        for identification in identifications.select_related("movement").order_by(
            "movement__movement_date", "movement__movement_id", "child_key"
        ):
            writer.writerow(export_row(identification))
            count += 1
    return count
