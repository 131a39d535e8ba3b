"""Loading what the linkage engine needs from the database, as DataFrames."""

from __future__ import annotations

import hashlib

import pandas as pd
from django.db.models import Count, Max

from paramount.feeds.models import PersonRecord, PrisonMovement, Relationship

PEOPLE_COLUMNS = (
    "source", "record_id", "first_name", "middle_names", "last_name", "previous_last_names",
    "date_of_birth", "sex", "address_line_1", "postcode",
)  # fmt: skip
RECEPTION_COLUMNS = (
    "movement_id", "first_name", "middle_names", "last_name", "aliases", "date_of_birth", "sex",
    "address_line_1", "postcode",
)  # fmt: skip


def people_table() -> pd.DataFrame:
    rows = PersonRecord.objects.order_by("source", "record_id").values_list(*PEOPLE_COLUMNS)
    table = pd.DataFrame.from_records(
        list(rows.iterator(chunk_size=50_000)), columns=list(PEOPLE_COLUMNS)
    )
    table.insert(0, "unique_id", table["source"] + ":" + table["record_id"])
    table["date_of_birth"] = table["date_of_birth"].map(lambda d: d.isoformat() if d else None)
    dob_of = dict(zip(table["unique_id"], table["date_of_birth"], strict=True))
    child_dobs: dict[str, list[str]] = {}
    for source, adult, child in Relationship.objects.values_list(
        "source", "adult_record_id", "child_record_id"
    ).iterator(chunk_size=50_000):
        dob = dob_of.get(f"{source}:{child}")
        if isinstance(dob, str):
            child_dobs.setdefault(f"{source}:{adult}", []).append(dob)
    table["child_dobs"] = table["unique_id"].map(lambda uid: child_dobs.get(uid, []))
    return table


def receptions_table(movements) -> pd.DataFrame:
    rows = [[getattr(m, c) for c in RECEPTION_COLUMNS] for m in movements]
    table = pd.DataFrame.from_records(rows, columns=list(RECEPTION_COLUMNS))
    table.insert(0, "unique_id", table["movement_id"])
    table["date_of_birth"] = table["date_of_birth"].map(lambda d: d.isoformat() if d else None)
    return table


def parent_child_pairs() -> set[frozenset[str]]:
    """Record pairs a source says are adult and child: never one person."""
    return {
        frozenset((f"{s}:{a}", f"{s}:{c}"))
        for s, a, c in Relationship.objects.values_list(
            "source", "adult_record_id", "child_record_id"
        ).iterator(chunk_size=50_000)
    }


def children_of_records() -> dict[str, set[str]]:
    """Record -> the records its source lists as its children (any relationship type)."""
    children: dict[str, set[str]] = {}
    for s, a, c in Relationship.objects.values_list(
        "source", "adult_record_id", "child_record_id"
    ).iterator(chunk_size=50_000):
        children.setdefault(f"{s}:{a}", set()).add(f"{s}:{c}")
    return children


def population_fingerprint() -> str:
    """Changes whenever a people or relationships row is added or updated (an update moves the
    row to a newer batch), and not when a re-sent file changes nothing."""
    people = PersonRecord.objects.aggregate(n=Count("id"), b=Max("batch_id"), m=Max("id"))
    relationships = Relationship.objects.aggregate(n=Count("id"), b=Max("batch_id"), m=Max("id"))
    text = f"{people}|{relationships}"
    return hashlib.sha256(text.encode()).hexdigest()


def unprocessed_receptions():
    return PrisonMovement.objects.filter(
        movement_type__in=("RECEPTION", "RECALL"), identified_at__isnull=True
    ).order_by("movement_date", "movement_id")
