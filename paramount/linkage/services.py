"""Training linkage models and resolving local records into persons."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings as django_settings
from django.db import connection, transaction
from django.utils import timezone

from paramount.access import audit
from paramount.feeds.models import PersonRecord
from paramount.files import make_private, private_directory, purge
from paramount.linkage import engine, selectors
from paramount.linkage.models import LinkageModel, Resolution


def linkage_backend() -> str | engine.SparkSettings:
    """Where the linkage model runs: DuckDB in this process (the default), or Spark when
    ``PARAMOUNT_LINKAGE_BACKEND=spark`` (a national deployment; see docs/spark.md)."""
    name = os.environ.get("PARAMOUNT_LINKAGE_BACKEND", "duckdb").strip().lower() or "duckdb"
    if name == "duckdb":
        return "duckdb"
    if name != "spark":
        raise ValueError(f"PARAMOUNT_LINKAGE_BACKEND must be duckdb or spark, not {name!r}")
    return engine.SparkSettings(
        master=os.environ.get("PARAMOUNT_SPARK_MASTER", "local[2]"),
        driver_memory=os.environ.get("PARAMOUNT_SPARK_DRIVER_MEMORY", "4g"),
        shuffle_partitions=int(os.environ.get("PARAMOUNT_SPARK_SHUFFLE_PARTITIONS", "2")),
        checkpoint_dir=os.environ.get("PARAMOUNT_SPARK_CHECKPOINT_DIR") or None,
    )


def linkage_memory_limit() -> str:
    """How much memory DuckDB may use for scoring before it spills to disk
    (``PARAMOUNT_LINKAGE_MEMORY``, default 4GB: right for a million records; a region of three
    million needs about 12GB)."""
    value = os.environ.get("PARAMOUNT_LINKAGE_MEMORY", "4GB").strip() or "4GB"
    if not re.fullmatch(r"\d+(\.\d+)?\s*(MB|GB|TB|MiB|GiB|TiB)", value, flags=re.IGNORECASE):
        raise ValueError(f"PARAMOUNT_LINKAGE_MEMORY must look like 4GB or 12GiB, not {value!r}")
    return value


def linkage_model_train(*, acting_user=None, prepared=None) -> LinkageModel:
    """Train a new model on the current local records and save it (it becomes the one in use)."""
    if prepared is None:
        prepared = engine.prepare(selectors.people_table())
    trained = engine.train(prepared, backend=linkage_backend())
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


@dataclass
class Population:
    """Local people ready to match against: the scorer and each record's person key."""

    model: LinkageModel
    scorer: engine.Scorer
    # Record -> person key when this call resolved the population; None when it came from the
    # cache (the scorer's population holds the keys; a daily run looks up only its candidates).
    person_of_record: dict[str, str] | None
    resolved: bool
    timings: dict[str, float] = field(default_factory=dict)


CACHE_PATTERN = "population-*.parquet"


def _cache_dir() -> Path:
    # The cache is a copy of every local record's names, dates of birth and postcodes.
    return private_directory(Path(django_settings.PARAMOUNT_HOME) / "linkage")


def population_cache_purge() -> int:
    """Delete the population cache (after retention or erasure removed people from the
    database); the next identification run rebuilds it from what is left. Returns the files
    removed."""
    folder = _cache_dir()
    # A run killed while writing may have left its partial file too.
    return purge(sorted([*folder.glob(CACHE_PATTERN), *folder.glob(f".{CACHE_PATTERN}.partial")]))


def _cache_readable(cache: Path) -> bool:
    """Whether the cache file is a whole Parquet file; a torn one is removed, to be rebuilt."""
    import pyarrow.parquet

    try:
        pyarrow.parquet.read_metadata(cache)
    except (OSError, ValueError):
        cache.unlink(missing_ok=True)
        return False
    return True


def _cache_file(fingerprint: str, model: LinkageModel) -> Path:
    return _cache_dir() / f"population-{model.pk}-{fingerprint[:20]}.parquet"


def population_is_current() -> bool:
    """Whether local people were resolved on exactly today's data with the model in use."""
    model = linkage_model_current()
    latest = Resolution.objects.first()
    return (
        model is not None
        and latest is not None
        and latest.model_id == model.pk
        and latest.population_fingerprint == selectors.population_fingerprint()
    )


def population_load(
    *,
    resolve_threshold: float,
    acting_user=None,
    say: Callable[[str], None] = lambda m: None,
    force: bool = False,
) -> Population | None:
    """The resolved population, from the Parquet cache when the people data, relationships and
    model are unchanged since the last resolution (a daily run), otherwise read, prepared,
    trained if no model exists, and re-resolved. None when no local record exists yet."""
    timings: dict[str, float] = {}
    tick = time.perf_counter()
    fingerprint = selectors.population_fingerprint()
    model = linkage_model_current()
    if model is not None and not force and population_is_current():
        cache = _cache_file(fingerprint, model)
        if cache.exists() and _cache_readable(cache):
            scorer = engine.Scorer(
                engine.TrainedModel(settings_json=model.settings),
                cache,
                backend=linkage_backend(),
                memory_limit=linkage_memory_limit(),
            )
            timings["load_cached_population"] = round(time.perf_counter() - tick, 2)
            return Population(model, scorer, None, False, timings)

    say("Loading local records")
    relationships = selectors.relationships_table()
    people = selectors.people_table(relationships)
    if people.empty:
        return None
    prepared = engine.prepare(people)
    timings["load_and_prepare"] = round(time.perf_counter() - tick, 2)
    if model is None:
        say(f"Training the linkage model on {len(prepared):,} records")
        tick = time.perf_counter()
        model = linkage_model_train(acting_user=acting_user, prepared=prepared)
        timings["train"] = round(time.perf_counter() - tick, 2)
    say(f"Resolving {len(prepared):,} local records into people")
    tick = time.perf_counter()
    scorer = engine.Scorer(
        engine.TrainedModel(settings_json=model.settings),
        prepared,
        backend=linkage_backend(),
        memory_limit=linkage_memory_limit(),
    )
    resolved = people_resolve(
        model=model,
        scorer=scorer,
        people=people,
        prepared=prepared,
        relationships=relationships,
        threshold=resolve_threshold,
        acting_user=acting_user,
        timings=timings,
    )
    scorer.set_person_keys(resolved.person_of_record)
    population_cache_purge()
    # Written under a temporary name and then renamed: a run killed while writing leaves no torn
    # file under the name the next run reads (SECURITY 26).
    final = _cache_file(fingerprint, model)
    partial = final.with_name(f".{final.name}.partial")
    scorer.save_population(partial)
    make_private(partial)
    os.replace(partial, final)
    timings["resolve"] = round(time.perf_counter() - tick, 2)
    return Population(model, scorer, resolved.person_of_record, True, timings)


def people_resolve(
    *,
    model: LinkageModel,
    scorer: engine.Scorer,
    people,
    prepared,
    relationships,
    threshold: float,
    acting_user=None,
    timings: dict[str, float] | None = None,
) -> engine.ResolvedPeople:
    """Group local records into persons and store each record's ``person_key``.

    ``people`` is :func:`selectors.people_table` (database ids and current keys), ``prepared``
    the engine's table of it, ``relationships`` :func:`selectors.relationships_table`. The
    seconds each part took go into ``timings`` when given (``resolve_score``,
    ``resolve_cluster``, ``resolve_store``)."""
    started = tick = time.perf_counter()
    timings = {} if timings is None else timings

    def lap(name: str) -> None:
        nonlocal tick
        timings[name] = round(time.perf_counter() - tick, 2)
        tick = time.perf_counter()

    pairs = scorer.dedupe_pairs(threshold=0.5)
    lap("resolve_score")
    record_ids = prepared["unique_id"].tolist()
    dobs = dict(zip(record_ids, prepared["dob"].tolist(), strict=True))
    paired = set(pairs["unique_id_l"].tolist()) | set(pairs["unique_id_r"].tolist())
    resolved = engine.cluster(
        record_ids,
        dobs,
        pairs,
        threshold=threshold,
        cannot_link=selectors.parent_child_links(relationships, among=paired),
        children_of=selectors.children_of_records(relationships, among=paired),
        child_dobs=dict(zip(record_ids, prepared["child_dobs"].tolist(), strict=True)),
        first_names=dict(zip(record_ids, prepared["first_name"].tolist(), strict=True)),
    )
    lap("resolve_cluster")
    with transaction.atomic():
        changed = _store_person_keys(people, resolved.person_of_record)
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
    lap("resolve_store")
    return resolved


def _store_person_keys(people, person_of_record: dict[str, str]) -> int:
    """Write person keys for records whose key changed, through a temporary table keyed by the
    row id, so a million records take one UPDATE rather than a million."""
    new_keys = [person_of_record[uid] for uid in people["unique_id"].tolist()]
    changes = [
        (row_id, key)
        for row_id, old, key in zip(
            people["id"].tolist(), people["person_key"].tolist(), new_keys, strict=True
        )
        if old != key
    ]
    if not changes:
        return 0
    table = PersonRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS person_key_update "
            "(row_id BIGINT PRIMARY KEY, person_key TEXT)"
        )
        cursor.execute("DELETE FROM person_key_update")
        cursor.executemany(
            "INSERT INTO person_key_update (row_id, person_key) VALUES (%s, %s)",
            changes,
        )
        cursor.execute(
            f"UPDATE {table} SET person_key = u.person_key FROM person_key_update u WHERE u.row_id = {table}.id"  # noqa: S608 - table name from model metadata
        )
        cursor.execute("DELETE FROM person_key_update")
    return len(changes)
