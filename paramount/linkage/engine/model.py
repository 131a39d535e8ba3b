"""The Splink model: comparisons, blocking rules, training and scoring.

This module and its siblings are the only code that imports Splink. It knows nothing of
Django: tables go in as pandas DataFrames prepared by :mod:`.prepare`, results come out as
DataFrames and frozen dataclasses.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb
import pandas as pd
import splink
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule

from paramount.linkage.engine import spark
from paramount.linkage.engine.spark import SparkSettings

# Where the model runs: "duckdb" (the default, in process), "spark" (local[2]) or a
# SparkSettings for a cluster. See paramount.linkage.engine.spark and docs/spark.md.
Backend = str | SparkSettings

log = logging.getLogger(__name__)

COMPARISONS = ("first_name", "last_name", "date_of_birth", "address", "sex")
TF_COLUMNS = ("first_name", "last_name")


def _level(creator, label: str, m: float):
    """A comparison level with a readable label and a prior m probability. EM replaces the
    prior when the level is seen in training; when it is not (a small or clean population), the
    prior keeps the level's weight sensible instead of Splink's untrained default."""
    return creator.configure(label_for_charts=label, m_probability=m)


def _comparisons() -> list:
    first_name = cl.CustomComparison(
        output_column_name="first_name",
        comparison_description="First name",
        comparison_levels=[
            cll.NullLevel("first_name").configure(label_for_charts="not known"),
            _level(
                cll.ExactMatchLevel("first_name", term_frequency_adjustments=True), "exact", 0.85
            ),
            _level(
                cll.ExactMatchLevel("first_name_canon"), "same name, other form (nickname)", 0.05
            ),
            _level(cll.DamerauLevenshteinLevel("first_name", 1), "one letter different", 0.03),
            _level(cll.JaroWinklerLevel("first_name", 0.88), "similar spelling", 0.03),
            _level(
                cll.ArrayIntersectLevel("first_names", 1), "one is the other's other name", 0.02
            ),
            _level(
                cll.CustomLevel('"first_name_l" = "last_name_r" OR "last_name_l" = "first_name_r"'),
                "given as the surname (names swapped)",
                0.005,
            ),
            _level(cll.ElseLevel(), "different", 0.04),
        ],
    )
    last_name = cl.CustomComparison(
        output_column_name="last_name",
        comparison_description="Last name",
        comparison_levels=[
            cll.NullLevel("last_name").configure(label_for_charts="not known"),
            _level(
                cll.ExactMatchLevel("last_name", term_frequency_adjustments=True), "exact", 0.85
            ),
            _level(cll.ExactMatchLevel("last_name_canon"), "same surname, other spelling", 0.03),
            _level(cll.DamerauLevenshteinLevel("last_name", 1), "one letter different", 0.03),
            _level(cll.JaroWinklerLevel("last_name", 0.88), "similar spelling", 0.02),
            _level(
                cll.ArrayIntersectLevel("last_names", 1),
                "shares a surname (previous name, alias or part)",
                0.05,
            ),
            _level(
                cll.CustomLevel('"last_name_l" = "first_name_r" OR "first_name_l" = "last_name_r"'),
                "given as the first name (names swapped)",
                0.005,
            ),
            _level(cll.ElseLevel(), "different", 0.06),
        ],
    )
    date_of_birth = cl.CustomComparison(
        output_column_name="date_of_birth",
        comparison_description="Date of birth",
        comparison_levels=[
            cll.NullLevel("dob").configure(label_for_charts="not known"),
            _level(cll.ExactMatchLevel("dob"), "exact", 0.88),
            _level(cll.CustomLevel('"dob_l" = "dob_swap_r"'), "day and month swapped", 0.03),
            _level(cll.DamerauLevenshteinLevel("dob", 1), "one digit different", 0.05),
            _level(cll.ElseLevel(), "different", 0.04),
        ],
    )
    address = cl.CustomComparison(
        output_column_name="address",
        comparison_description="Address (postcode and street as one fact)",
        comparison_levels=[
            cll.CustomLevel(
                '("postcode_l" IS NULL OR "postcode_r" IS NULL) AND ("address_key_l" IS NULL OR "address_key_r" IS NULL)',
                label_for_charts="not known",
            ).configure(is_null_level=True),
            _level(
                cll.And(cll.ExactMatchLevel("postcode"), cll.ExactMatchLevel("address_key")),
                "same postcode and street address",
                0.55,
            ),
            _level(cll.ExactMatchLevel("postcode"), "same postcode", 0.15),
            _level(
                cll.CustomLevel(
                    '"address_key_l" = "address_key_r" AND ("postcode_district_l" = "postcode_district_r" '
                    'OR "postcode_l" IS NULL OR "postcode_r" IS NULL)'
                ),
                "same street address, postcode differs or not known",
                0.05,
            ),
            _level(cll.ExactMatchLevel("postcode_district"), "same postcode district", 0.10),
            _level(cll.ElseLevel(), "different", 0.15),
        ],
    )
    sex = cl.CustomComparison(
        output_column_name="sex",
        comparison_description="Sex",
        comparison_levels=[
            cll.NullLevel("sex").configure(label_for_charts="not known"),
            _level(cll.ExactMatchLevel("sex"), "same", 0.97),
            _level(cll.ElseLevel(), "different", 0.03),
        ],
    )
    return [first_name, last_name, date_of_birth, address, sex]


# Surname + canonical first name, unless both dates of birth are known and share neither the year
# nor the day and month (not one typing slip apart). Common names make this the rule that makes
# most pairs (8.1 million of 10 at a million records); 3.1 million of those are two people of one
# name born on different days, of which 395 are one person (a date mistyped twice over, at
# another address), and those score far below the resolve threshold.
SAME_NAME_UNLESS_BORN_APART = (
    'l."last_name" = r."last_name" AND l."first_name_canon" = r."first_name_canon" '
    'AND (l."dob" IS NULL OR r."dob" IS NULL OR SUBSTRING(l."dob", 1, 4) = SUBSTRING(r."dob", 1, 4) '
    'OR SUBSTRING(l."dob", 6, 5) = SUBSTRING(r."dob", 6, 5))'
)  # SUBSTRING, as both DuckDB and Spark spell it (and as the Spark translation writes it)


def blocking_rules() -> list:
    """Candidate pairs: together these cover surname changes, missing dates of birth, nicknames
    and moves, because each fact that can go missing is absent from at least one rule."""
    return [
        block_on("first_name_canon", "dob"),
        block_on("last_name", "dob"),
        CustomRule(SAME_NAME_UNLESS_BORN_APART),
        block_on("first_name_canon", "postcode"),
        block_on("last_name", "postcode"),
        block_on("dob", "postcode"),
        # First name and surname swapped (either way round: first of one = surname of other).
        CustomRule('l."first_name" = r."last_name" AND l."dob" = r."dob"'),
        # Day and month swapped on one side (either side: deduplication compares each pair once).
        CustomRule('l."first_name_canon" = r."first_name_canon" AND l."dob" = r."dob_swap"'),
        CustomRule('l."first_name_canon" = r."first_name_canon" AND l."dob_swap" = r."dob"'),
        # Two records of one parent share a child's date of birth even when the parent's own
        # date of birth, surname and address are missing or out of date in one of them: the
        # same first name, or (a slip in it) the same initials. A child's date of birth and a
        # first initial alone made 2.7 million pairs at a million records, nine in ten of them
        # two parents whose children share a birthday.
        block_on("child_dobs", "first_name_canon", arrays_to_explode=["child_dobs"]),
        block_on(
            "child_dobs",
            "substr(first_name_canon, 1, 1)",
            "substr(last_name, 1, 1)",
            arrays_to_explode=["child_dobs"],
        ),
    ]


# Columns the reception-only rules below block on; a population cached before they existed
# lacks them, and is then scored with the population's rules alone.
RECEPTION_RULE_COLUMNS = ("last_name_canon",)


def reception_blocking_rules() -> list:
    """Candidate pairs between receptions and the population: the population's rules, and
    four that only a few thousand receptions can afford (against a million records they add
    a few candidates per reception; within the population they would add millions of pairs).
    They reach a local record known only by name (a school contact with no date of birth)
    when the prisoner gave no address and one of the names is spelt differently: a typing slip
    in the first name or in the surname (the other name exact and the slipped one's initial the
    same: Kyle / Kye Jones, Damien Upby / Upyb), or a surname transliterated another way
    (Ahmed / Ahmad, Hussain / Husain: :mod:`.surnames`); and every record at the prisoner's
    address, however its names are spelt (a household is a handful of records)."""
    return [
        *blocking_rules(),
        block_on("last_name", "substr(first_name, 1, 1)"),
        block_on("first_name_canon", "substr(last_name, 1, 1)"),
        block_on("last_name_canon", "first_name_canon"),
        # The same home, whatever the names: a slip in both (Crait Stanbury for Craig Stabury).
        block_on("postcode", "address_key"),
    ]


def settings(
    link_type: Literal["link_only", "link_and_dedupe", "dedupe_only"] = "dedupe_only",
) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        comparisons=_comparisons(),
        blocking_rules_to_generate_predictions=blocking_rules(),
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
    )


@functools.cache
def _gammas() -> dict[str, dict[str, int]]:
    built = settings().get_settings("duckdb")
    return {
        comparison.output_column_name: {
            level.label_for_charts: level.comparison_vector_value
            for level in comparison.comparison_levels
        }
        for comparison in built.comparisons
    }


def gamma(comparison: str, label: str) -> int:
    """The comparison vector value Splink gives the level labelled ``label`` of ``comparison``
    (it numbers the else level 0 and counts up towards the first; not known is -1)."""
    return _gammas()[comparison][label]


def new_db_api(
    memory_limit: str = "4GB",
    temp_directory: str | None = None,
    *,
    backend: Backend = "duckdb",
    large_joins: bool = False,
) -> DuckDBAPI:
    """A DuckDB connection for Splink (or a Spark one, see :mod:`.spark`).

    DuckDB spills to ``temp_directory`` (``paramount-duckdb`` under the system's temporary
    directory when not given) once ``memory_limit`` is reached, so a population larger than memory is
    slower rather than fatal. ``large_joins`` also lets DuckDB drop insertion order, which the
    scoring of a whole population does not need (every consumer sorts what it reads) and which
    otherwise keeps the blocking joins of millions of records in memory."""
    if backend != "duckdb":
        return spark.new_spark_api(backend)
    connection = duckdb.connect()
    connection.execute(f"SET memory_limit = '{memory_limit}'")
    connection.execute("SET threads = 2")
    connection.execute(
        "SET temp_directory = ?",
        [temp_directory or str(Path(tempfile.gettempdir()) / "paramount-duckdb")],
    )
    if large_joins:
        connection.execute("SET preserve_insertion_order = false")
    return DuckDBAPI(connection=connection)


@dataclass(frozen=True)
class TrainedModel:
    """A Splink model as saved JSON, with how it was trained."""

    settings_json: dict
    summary: dict = field(default_factory=dict)

    @property
    def splink_version(self) -> str:
        return splink.__version__


def train(
    people: pd.DataFrame,
    *,
    max_pairs: float = 2e6,
    em_max_pairs: float = 5e5,
    seed: int = 1,
    backend: Backend = "duckdb",
) -> TrainedModel:
    """Train m and u probabilities on local records (deduplication of the prepared table).

    u comes from ``max_pairs`` random pairs; m from expectation maximisation on a sample of
    ``em_max_pairs`` pairs per training rule: at a million records a sample of half a million
    pairs still holds tens of thousands of matches, and trains in 14 s where a million took 18
    to 22 s and two million 22, for the same identifications (docs/benchmarks.md).

    Whatever the ``backend``, the model JSON comes back in DuckDB's SQL, usable by either."""
    started = time.perf_counter()
    db_api = new_db_api(backend=backend)
    linker = Linker(
        db_api.register(people, dataset_display_name="people"),
        spark.linker_settings(backend, settings()),
        log_level=None,
    )
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    for rule in (block_on("dob"), block_on("last_name", "first_name_canon")):
        # EM on a million records would compare tens of millions of pairs per rule; a sample
        # estimates m as well (LINKAGE-NOTES: uncapped, 40 s of a 61 s run, memory doubled).
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, fix_u_probabilities=True, max_pairs=em_max_pairs
        )
    model_json = regularise(
        spark.model_json_in_duckdb_sql(backend, linker.misc.save_model_to_json(), settings())
    )
    return TrainedModel(
        settings_json=model_json,
        summary={
            "records": len(people),
            "max_pairs": max_pairs,
            "em_max_pairs": em_max_pairs,
            "seconds": round(time.perf_counter() - started, 2),
            **({"backend": "spark"} if backend != "duckdb" else {}),
        },
    )


# Smallest m and u probability a level may have after training. Expectation maximisation drives
# a level it never sees among matches towards zero, which would make that level an absolute veto
# (a weight of -50 or worse) on data unlike the training data. A floor keeps every level's
# evidence finite and bounded.
M_FLOOR = 0.002
U_FLOOR = 0.0001


def regularise(model_json: dict) -> dict:
    """Floor and renormalise each comparison's m and u probabilities (see :data:`M_FLOOR`)."""
    for comparison in model_json["comparisons"]:
        levels = [
            level for level in comparison["comparison_levels"] if not level.get("is_null_level")
        ]
        for key, floor in (("m_probability", M_FLOOR), ("u_probability", U_FLOOR)):
            values = [max(level.get(key) or floor, floor) for level in levels]
            total = sum(values)
            for level, value in zip(levels, values, strict=True):
                level[key] = value / total
    return model_json


# Both records give more than one given name (a first name and middle names) and no given
# name of one is any of the other's: twins (Asha Olivia and Aisha Mia), whose first names may be
# only a letter apart. One person's records share at least one given name, even when one of them
# misspells the first. Indexed by "is the backend DuckDB" (Spark spells the functions its way).
NAMES_APART = {
    True: "(len(first_names_l) > 1 AND len(first_names_r) > 1 "
    "AND len(list_intersect(first_names_l, first_names_r)) = 0)",
    False: "(size(first_names_l) > 1 AND size(first_names_r) > 1 "
    "AND size(array_intersect(first_names_l, first_names_r)) = 0)",
}


class Scorer:
    """A trained model bound to a prepared population, ready to score pairs against it.

    ``population`` is the prepared table (a DataFrame) or a Parquet file of it written by
    :meth:`save_population`; either way it is copied once into a DuckDB table, so every query
    scans columnar data rather than Python objects.
    """

    def __init__(
        self,
        model: TrainedModel,
        population: pd.DataFrame | str | Path,
        *,
        backend: Backend = "duckdb",
        memory_limit: str = "4GB",
    ):
        self.model = model
        self.backend = backend
        self.db_api = new_db_api(memory_limit, large_joins=True)
        self.connection = self.db_api._con
        if isinstance(population, pd.DataFrame):
            self.connection.register("population_input", population)
            self.connection.execute("CREATE TABLE population AS SELECT * FROM population_input")
            self.connection.unregister("population_input")
        else:
            self.connection.execute(
                "CREATE TABLE population AS SELECT * FROM read_parquet(?)", [str(population)]
            )
        self.population = self.db_api.register("population", dataset_display_name="people")
        settings_json = json.loads(json.dumps(model.settings_json))
        if backend != "duckdb":
            # Spark scores the pairs; the DuckDB table above keeps the bookkeeping (person keys,
            # dates of birth, the Parquet cache).
            self.db_api = new_db_api(backend=backend)
            self.population = self.db_api.register(
                spark.population_frame(self.db_api, population), dataset_display_name="people"
            )
            settings_json = spark.linker_settings(backend, settings_json)
        self.linker = Linker(self.population, settings_json, log_level=None)
        for column in TF_COLUMNS:
            self.linker.table_management.compute_tf_table(column)

    def save_population(self, path: str | Path) -> None:
        """Write the prepared population (with person keys, if set) to Parquet, for the next run
        to start from without reading and preparing every record again."""
        quoted = str(path).replace("'", "''")
        self.connection.execute(f"COPY population TO '{quoted}' (FORMAT parquet)")

    def set_person_keys(self, person_of_record: dict[str, str]) -> None:
        keys = pd.DataFrame(
            {"unique_id": list(person_of_record), "person_key": list(person_of_record.values())}
        )
        self.connection.register("person_keys_input", keys)
        columns = {row[0] for row in self.connection.execute("DESCRIBE population").fetchall()}
        if "person_key" not in columns:
            self.connection.execute("ALTER TABLE population ADD COLUMN person_key VARCHAR")
        self.connection.execute(
            "UPDATE population SET person_key = k.person_key FROM person_keys_input k "
            "WHERE population.unique_id = k.unique_id"
        )
        self.connection.unregister("person_keys_input")

    def records_of_persons(self, record_ids: list[str]) -> pd.DataFrame:
        """``unique_id``, ``person_key``, ``dob``, ``child_dobs``, ``postcode``, ``address_key``
        and ``address_from_child`` of every record of the persons the given records belong to (person
        keys as set by :meth:`set_person_keys` or loaded with the population). A reception's
        candidates are a few dozen of a million."""
        columns = {row[0] for row in self.connection.execute("DESCRIBE population").fetchall()}
        # A population cached before the column existed has no household addresses.
        inferred = "address_from_child" if "address_from_child" in columns else "false"
        self.connection.register("wanted_input", pd.DataFrame({"unique_id": record_ids}))
        try:
            return self.connection.execute(
                f"SELECT unique_id, person_key, dob, child_dobs, postcode, address_key, {inferred} AS address_from_child "  # noqa: S608 - a column name or a constant
                "FROM population WHERE person_key IN "
                "(SELECT p.person_key FROM population p JOIN wanted_input w USING (unique_id))"
            ).df()
        finally:
            self.connection.unregister("wanted_input")

    def families_sample(self, size: int = 2000, seed: int = 1) -> list[list[str]]:
        """The children's dates of birth of a repeatable random sample of local records that
        have children."""
        sample = f"USING SAMPLE reservoir({int(size)} ROWS) REPEATABLE ({int(seed)})"
        rows = self.connection.execute(
            "SELECT child_dobs FROM (SELECT child_dobs FROM population WHERE len(child_dobs) > 0) "  # noqa: S608 - integers only
            + sample
        ).fetchall()
        return [list(row[0]) for row in rows]

    def dedupe_pairs(self, threshold: float) -> pd.DataFrame:
        """Every candidate pair within the population at or above ``threshold``: the two ids,
        the probability, and the first-name and date-of-birth levels and weights clustering
        needs. Only these columns
        leave the database; a million-record population has millions of pairs."""
        result = self.linker.inference.predict(threshold_match_probability=threshold)
        columns = (
            "unique_id_l, unique_id_r, match_probability, gamma_first_name, mw_first_name, "
            "gamma_date_of_birth, mw_sex"
        )
        apart = NAMES_APART[self.backend == "duckdb"]
        narrow = result.query_sql(f"SELECT {columns}, {apart} AS names_apart FROM {{this}}")  # noqa: S608 - constant SQL
        pairs = narrow.as_pandas_dataframe()
        narrow.drop_table_from_database_and_remove_from_cache()
        result.drop_table_from_database_and_remove_from_cache()
        return pairs

    def score_new(self, new_records: pd.DataFrame, threshold: float) -> pd.DataFrame:
        """Candidate pairs between new records (receptions) and the population."""
        if new_records.empty:
            return pd.DataFrame()
        right = self.db_api.register(new_records, dataset_display_name="receptions")
        columns = {row[0] for row in self.connection.execute("DESCRIBE population").fetchall()}
        rules = (
            reception_blocking_rules()
            if self.backend == "duckdb"  # Spark's population frame has the model's columns only
            and set(RECEPTION_RULE_COLUMNS) <= columns & set(new_records.columns)
            else None
        )
        result = self.linker.inference.predict_between(
            self.population,
            right,
            blocking_rules_to_generate_predictions=rules,
            threshold_match_probability=threshold,
        )
        return result.as_pandas_dataframe()

    def level_weight(self, comparison: str, label: str) -> float:
        """The trained match weight (log2 of m over u) of one level of one comparison."""
        for each in self.linker._settings_obj.comparisons:
            if each.output_column_name != comparison:
                continue
            for level in each.comparison_levels:
                if level.label_for_charts == label:
                    m, u = level.m_probability, level.u_probability
                    if m is None or u is None:
                        raise KeyError(f"{comparison}: level {label!r} has not been trained")
                    return math.log2(m / u)
        raise KeyError(f"{comparison}: no level labelled {label!r}")

    def level_labels(self) -> dict[str, dict[int, str]]:
        """Comparison name -> gamma value -> the level's label, for showing evidence."""
        labels: dict[str, dict[int, str]] = {}
        for comparison in self.linker._settings_obj.comparisons:
            name = comparison.output_column_name
            labels[name] = {
                level.comparison_vector_value: level.label_for_charts
                for level in comparison.comparison_levels
            }
        return labels


def field_weights(row: pd.Series) -> dict[str, float]:
    """Each comparison's match weight (log2 Bayes factor, term frequency included) for one pair."""
    weights = {}
    for name in COMPARISONS:
        weight = _number(row.get(f"mw_{name}"))
        if weight is None:
            continue
        weights[name] = round(weight + (_number(row.get(f"mw_tf_adj_{name}")) or 0.0), 2)
    return weights


def _number(value) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)
