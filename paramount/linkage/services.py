"""Training linkage models and resolving local records into persons."""

from __future__ import annotations

import time

from django.db import connection, transaction
from django.utils import timezone

from paramount.access import audit
from paramount.feeds.models import PersonRecord
from paramount.linkage import engine, selectors
from paramount.linkage.models import LinkageModel, Resolution


def linkage_model_train(*, acting_user=None, people=None) -> LinkageModel:
    """Train a new model on the current local records and save it (it becomes the one in use)."""
    prepared = engine.prepare(selectors.people_table() if people is None else people)
    trained = engine.train(prepared)
    with transaction.atomic():
        model = LinkageModel.objects.create(
            created_at=timezone.now(),
            splink_version=trained.splink_version,
            settings=trained.settings_json,
            training_summary=trained.summary,
            population_fingerprint=selectors.population_fingerprint(),
        )
        audit.record(
            actor=acting_user, action="linkage.model_trained", subject=model, after=trained.summary
        )
    return model


def linkage_model_current() -> LinkageModel | None:
    return LinkageModel.objects.first()


def people_resolve(
    *, model: LinkageModel, scorer: engine.Scorer, prepared, threshold: float, acting_user=None
) -> Resolution:
    """Group local records into persons and store each record's ``person_key``."""
    started = time.perf_counter()
    pairs = scorer.dedupe_pairs(threshold=0.5)
    dobs = dict(zip(prepared["unique_id"], prepared["dob"], strict=True))
    resolved = engine.cluster(
        list(prepared["unique_id"]),
        dobs,
        pairs,
        threshold=threshold,
        cannot_link=selectors.parent_child_pairs(),
        children_of=selectors.children_of_records(),
    )
    with transaction.atomic():
        changed = _store_person_keys(resolved.person_of_record)
        resolution = Resolution.objects.create(
            created_at=timezone.now(),
            model=model,
            population_fingerprint=selectors.population_fingerprint(),
            records=len(resolved.person_of_record),
            persons=resolved.persons,
            seconds=round(time.perf_counter() - started, 2),
        )
        audit.record(
            actor=acting_user,
            action="people.resolved",
            subject=resolution,
            after={
                "records": resolution.records,
                "persons": resolution.persons,
                "records_changed": changed,
            },
        )
    return resolution


def _store_person_keys(person_of_record: dict[str, str]) -> int:
    """Write person keys for records whose key changed, through a temporary table so a million
    records take one UPDATE rather than a million."""
    current = dict(
        ((f"{s}:{r}"), k)
        for s, r, k in PersonRecord.objects.values_list(
            "source", "record_id", "person_key"
        ).iterator()
    )
    changes = [(uid, key) for uid, key in person_of_record.items() if current.get(uid) != key]
    if not changes:
        return 0
    table = PersonRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS person_key_update (uid TEXT PRIMARY KEY, person_key TEXT)"
        )
        cursor.execute("DELETE FROM person_key_update")
        cursor.executemany(
            "INSERT INTO person_key_update (uid, person_key) VALUES (%s, %s)", changes
        )
        concat = "source || ':' || record_id"
        cursor.execute(
            f"UPDATE {table} SET person_key = u.person_key FROM person_key_update u WHERE u.uid = {concat}"  # noqa: S608 - table name from model metadata
        )
        cursor.execute("DELETE FROM person_key_update")
    return len(changes)
