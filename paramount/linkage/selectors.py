"""Loading what the linkage engine needs from the database, as DataFrames; and the linkage
model's parameters as people read them."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef
from django.http import Http404

from paramount.access.selectors import Permission, require_permission, viewer_areas
from paramount.feeds.models import PersonRecord, PrisonMovement, Relationship
from paramount.linkage import engine
from paramount.linkage.models import LinkageModel

PEOPLE_COLUMNS = (
    "source", "record_id", "first_name", "middle_names", "last_name", "previous_last_names",
    "date_of_birth", "sex", "address_line_1", "postcode",
)  # fmt: skip
RECEPTION_COLUMNS = (
    "movement_id", "first_name", "middle_names", "last_name", "aliases", "date_of_birth", "sex",
    "address_line_1", "postcode", "declared_children", "establishment_code",
    "prison_number",
)  # fmt: skip


def _rows(sql: str) -> list[tuple]:
    """Rows of a read-only query straight from the database cursor: a million rows through the
    ORM cost several times as long, and these tables feed the linkage engine, not the pages."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _iso(value) -> str | None:
    """A date as ISO text (SQLite returns text from a raw query, PostgreSQL a date)."""
    if value is None or isinstance(value, str):
        return value or None
    return value.isoformat()


def relationships_table() -> pd.DataFrame:
    """Every relationship row as ``adult_uid`` and ``child_uid`` (``SOURCE:RECORD_ID``), and
    ``lives_with`` (the row's ``lives_with_child``: ``Y``, ``N`` or None)."""
    table = Relationship._meta.db_table
    rows = _rows(
        f"SELECT source, adult_record_id, child_record_id, lives_with_child FROM {table}"  # noqa: S608 - table name from model metadata
    )
    frame = pd.DataFrame.from_records(rows, columns=["source", "adult", "child", "lives_with"])
    return pd.DataFrame(
        {
            "adult_uid": frame["source"] + ":" + frame["adult"],
            "child_uid": frame["source"] + ":" + frame["child"],
            "lives_with": frame["lives_with"],
        }
    )


def people_table(relationships: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every local person record with the columns the engine prepares, its database ``id`` and
    current ``person_key``, and ``child_dobs``: the dates of birth of the children its source
    lists for it (two records of one parent share them when little else agrees)."""
    if relationships is None:
        relationships = relationships_table()
    columns = ("id", "person_key", *PEOPLE_COLUMNS)
    table_name = PersonRecord._meta.db_table
    rows = _rows(
        f"SELECT {', '.join(columns)} FROM {table_name} ORDER BY id"  # noqa: S608 - names from model metadata
    )
    table = pd.DataFrame.from_records(rows, columns=list(columns))
    table.insert(0, "unique_id", table["source"] + ":" + table["record_id"])
    table["date_of_birth"] = table["date_of_birth"].map(_iso, na_action="ignore")
    child_dob = relationships.merge(
        table[["unique_id", "date_of_birth"]].dropna(),
        left_on="child_uid",
        right_on="unique_id",
    )
    # A plain loop: grouping a million rows in pandas with a Python function is several times
    # slower (8 s against 2.5 s). The engine sorts and removes repeats (engine.prepare).
    # (Over plain lists: iterating pandas' Arrow-backed strings costs a second per million.)
    dobs_of_adult: dict[str, list[str]] = {}
    adults, dobs = child_dob["adult_uid"].tolist(), child_dob["date_of_birth"].tolist()
    for adult, dob in zip(adults, dobs, strict=True):
        dobs_of_adult.setdefault(adult, []).append(dob)
    table["child_dobs"] = [dobs_of_adult.get(uid, []) for uid in table["unique_id"].tolist()]
    engine.fill_household_addresses(table, relationships)
    return table


def receptions_table(movements) -> pd.DataFrame:
    rows = []
    for movement in movements:
        row = [getattr(movement, c) for c in RECEPTION_COLUMNS]
        if engine.prison_given_as_address(movement.address_line_1, movement.establishment_name):
            row[RECEPTION_COLUMNS.index("address_line_1")] = None
            row[RECEPTION_COLUMNS.index("postcode")] = None
        rows.append(row)
    table = pd.DataFrame.from_records(rows, columns=list(RECEPTION_COLUMNS))
    table.insert(0, "unique_id", table["movement_id"])
    table["date_of_birth"] = table["date_of_birth"].map(lambda d: d.isoformat() if d else None)
    return table


def parent_child_links(relationships: pd.DataFrame, among=None) -> dict[str, set[str]]:
    """Record -> the records a source says are its parent or its child: never one person with
    it. ``among`` (a set of record ids) keeps only links between two of those records:
    clustering sees only the records that pair with something, about half of a million."""
    links: dict[str, set[str]] = {}
    adults, children = relationships["adult_uid"].tolist(), relationships["child_uid"].tolist()
    for adult, child in zip(adults, children, strict=True):
        if among is None or (adult in among and child in among):
            links.setdefault(adult, set()).add(child)
            links.setdefault(child, set()).add(adult)
    return links


def children_of_records(relationships: pd.DataFrame, among=None) -> dict[str, set[str]]:
    """Record -> the records its source lists as its children (any relationship type).
    ``among`` (a set of record ids) keeps only adults or children among them."""
    children: dict[str, set[str]] = {}
    adults, kids = relationships["adult_uid"].tolist(), relationships["child_uid"].tolist()
    for adult, child in zip(adults, kids, strict=True):
        if among is None or adult in among or child in among:
            children.setdefault(adult, set()).add(child)
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


# --- The model's parameters, for people ------------------------------------------------------
#
# A Splink model is a prior (how likely two random records are the same person) and, for each
# compared detail, levels of agreement with an m probability (how often the level is seen when
# the records are the same person) and a u probability (when they are not). A level's match
# weight is log2(m / u); a pair's match weight is the prior's weight plus one level's weight per
# detail, and its probability is 2^w / (1 + 2^w).


def match_weight_of(probability: float | None) -> float | None:
    """The match weight (log2 odds) of a probability strictly between 0 and 1."""
    if probability is None or not 0 < probability < 1:
        return None
    return math.log2(probability / (1 - probability))


def probability_of(weight: float) -> float:
    """The probability of a match weight: 2^w / (1 + 2^w), without overflow at large |w|."""
    if weight >= 0:
        return 1 / (1 + 2.0**-weight)
    odds = 2.0**weight
    return odds / (1 + odds)


def prior_probability(settings: Any) -> float | None:
    """``probability_two_random_records_match`` from a saved model, if it is usable."""
    value = (
        settings.get("probability_two_random_records_match") if isinstance(settings, dict) else None
    )
    try:
        probability = float(value)
    except (TypeError, ValueError):
        return None
    return probability if 0 < probability < 1 else None


@dataclass(frozen=True)
class LevelParameters:
    label: str
    m_probability: float | None
    u_probability: float | None
    is_null_level: bool
    term_frequency_adjusted: bool

    @property
    def match_weight(self) -> float | None:
        """log2(m / u); None for the null level (it carries no evidence) or an untrained level."""
        if self.is_null_level or not self.m_probability or not self.u_probability:
            return None
        return math.log2(self.m_probability / self.u_probability)

    @property
    def bayes_factor(self) -> float | None:
        """How many times more (or less) likely the level is for the same person: m / u."""
        if self.is_null_level or not self.m_probability or not self.u_probability:
            return None
        return self.m_probability / self.u_probability


@dataclass(frozen=True)
class ComparisonParameters:
    name: str
    description: str
    levels: tuple[LevelParameters, ...]

    @property
    def term_frequency_adjusted(self) -> bool:
        return any(level.term_frequency_adjusted for level in self.levels)


def _probability(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= 1 else None


def model_parameters(settings: Any) -> list[ComparisonParameters]:
    """Each comparison of a saved Splink model and its levels' m and u probabilities.

    Tolerant of what a saved model may lack (a level never trained has no m or u)."""
    comparisons = settings.get("comparisons", []) if isinstance(settings, dict) else []
    result = []
    for comparison in comparisons:
        if not isinstance(comparison, dict):
            continue
        levels = tuple(
            LevelParameters(
                label=str(level.get("label_for_charts") or "level"),
                m_probability=_probability(level.get("m_probability")),
                u_probability=_probability(level.get("u_probability")),
                is_null_level=bool(level.get("is_null_level")),
                term_frequency_adjusted=bool(level.get("tf_adjustment_column")),
            )
            for level in comparison.get("comparison_levels", [])
            if isinstance(level, dict)
        )
        result.append(
            ComparisonParameters(
                name=str(comparison.get("output_column_name") or ""),
                description=str(comparison.get("comparison_description") or ""),
                levels=levels,
            )
        )
    return result


@dataclass(frozen=True)
class ModelUse:
    """One model and what it produced in the viewer's areas."""

    model: LinkageModel
    identifications: int
    confirmed_by_analyst: int
    rejected_by_analyst: int

    @property
    def review_precision(self) -> float | None:
        """Share of this model's reviewed matches that analysts confirmed."""
        decided = self.confirmed_by_analyst + self.rejected_by_analyst
        return self.confirmed_by_analyst / decided if decided else None


@dataclass(frozen=True)
class ModelOverview:
    model: LinkageModel | None
    is_current: bool
    prior_probability: float | None
    prior_weight: float | None
    comparisons: list[ComparisonParameters]
    weight_range: tuple[float, float]
    models: list[ModelUse]


def linkage_model_overview(*, viewer: Any, model_id: Any = None) -> ModelOverview:
    """The current linkage model (or the one asked for) with its parameters, and every model
    with the identifications it produced in the viewer's areas. Refused (403) for roles that do
    not work with the model; an unknown model is a 404."""
    require_permission(viewer=viewer, permission=Permission.VIEW_LINKAGE_MODEL)
    models = list(LinkageModel.objects.order_by("-created_at", "-id"))
    current = models[0] if models else None
    model = current
    if model_id not in (None, ""):
        model = next((m for m in models if str(m.pk) == str(model_id)), None)
        if model is None:
            raise Http404("No linkage model found")
    settings = model.settings if model is not None else {}
    comparisons = model_parameters(settings)
    weights = [
        level.match_weight
        for comparison in comparisons
        for level in comparison.levels
        if level.match_weight is not None
    ]
    prior = prior_probability(settings)
    return ModelOverview(
        model=model,
        is_current=model is not None and model == current,
        prior_probability=prior,
        prior_weight=match_weight_of(prior),
        comparisons=comparisons,
        weight_range=(min([0.0, *weights]), max([0.0, *weights])),
        models=_model_uses(viewer, models),
    )


def _model_uses(viewer: Any, models: list[LinkageModel]) -> list[ModelUse]:
    # Imported here: identification builds on linkage, not the other way round, and only this
    # page looks back from a model to what it produced.
    from paramount.identification.models import Identification, ReceptionMatch, ReviewState

    areas = viewer_areas(viewer)
    identifications = dict(
        Identification.objects.filter(area__in=areas)
        .values("reception_match__model")
        .annotate(n=Count("pk"))
        .values_list("reception_match__model", "n")
    )
    in_areas = Identification.objects.filter(reception_match=OuterRef("pk"), area__in=areas)
    decided = {
        (row["model"], row["review_state"]): row["n"]
        for row in ReceptionMatch.objects.filter(
            Exists(in_areas),
            review_state__in=[ReviewState.CONFIRMED_BY_ANALYST, ReviewState.REJECTED_BY_ANALYST],
        )
        .values("model", "review_state")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return [
        ModelUse(
            model=model,
            identifications=identifications.get(model.pk, 0),
            confirmed_by_analyst=decided.get((model.pk, ReviewState.CONFIRMED_BY_ANALYST), 0),
            rejected_by_analyst=decided.get((model.pk, ReviewState.REJECTED_BY_ANALYST), 0),
        )
        for model in models
    ]
