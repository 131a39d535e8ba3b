"""The Splink model: comparisons, blocking rules, training and scoring.

This module and its siblings are the only code that imports Splink. It knows nothing of
Django: tables go in as pandas DataFrames prepared by :mod:`.prepare`, results come out as
DataFrames and frozen dataclasses.
"""

from __future__ import annotations

import json
import logging
import math
import time
from dataclasses import dataclass, field

import duckdb
import pandas as pd
import splink
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

log = logging.getLogger(__name__)

COMPARISONS = ("first_name", "last_name", "date_of_birth", "address", "sex")
TF_COLUMNS = ("first_name", "last_name")


def _comparisons() -> list:
    first_name = cl.CustomComparison(
        output_column_name="first_name",
        comparison_description="First name",
        comparison_levels=[
            cll.NullLevel("first_name"),
            cll.ExactMatchLevel("first_name", term_frequency_adjustments=True).configure(
                label_for_charts="exact"
            ),
            cll.ExactMatchLevel("first_name_canon").configure(label_for_charts="same name, other form (nickname)"),
            cll.JaroWinklerLevel("first_name", 0.92).configure(label_for_charts="similar spelling"),
            cll.ArrayIntersectLevel("first_names", 1).configure(label_for_charts="one is the other's other name"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )
    last_name = cl.CustomComparison(
        output_column_name="last_name",
        comparison_description="Last name",
        comparison_levels=[
            cll.NullLevel("last_name"),
            cll.ExactMatchLevel("last_name", term_frequency_adjustments=True).configure(label_for_charts="exact"),
            cll.JaroWinklerLevel("last_name", 0.92).configure(label_for_charts="similar spelling"),
            cll.ArrayIntersectLevel("last_names", 1).configure(
                label_for_charts="shares a surname (previous name, alias or part)"
            ),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )
    date_of_birth = cl.CustomComparison(
        output_column_name="date_of_birth",
        comparison_description="Date of birth",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob").configure(label_for_charts="exact"),
            cll.CustomLevel('"dob_l" = "dob_swap_r"', label_for_charts="day and month swapped"),
            cll.DamerauLevenshteinLevel("dob", 1).configure(label_for_charts="one digit different"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )
    address = cl.CustomComparison(
        output_column_name="address",
        comparison_description="Address (postcode and street as one fact)",
        comparison_levels=[
            cll.CustomLevel(
                '("postcode_l" IS NULL AND "address_key_l" IS NULL) OR ("postcode_r" IS NULL AND "address_key_r" IS NULL)',
                label_for_charts="not known",
            ).configure(is_null_level=True),
            cll.And(cll.ExactMatchLevel("postcode"), cll.ExactMatchLevel("address_key")).configure(
                label_for_charts="same postcode and street address"
            ),
            cll.ExactMatchLevel("postcode").configure(label_for_charts="same postcode"),
            cll.And(cll.ExactMatchLevel("address_key"), cll.ExactMatchLevel("postcode_district")).configure(
                label_for_charts="same street address, postcode differs"
            ),
            cll.ExactMatchLevel("postcode_district").configure(label_for_charts="same postcode district"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )
    sex = cl.CustomComparison(
        output_column_name="sex",
        comparison_description="Sex",
        comparison_levels=[
            cll.NullLevel("sex"),
            cll.ExactMatchLevel("sex").configure(label_for_charts="same"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )
    return [first_name, last_name, date_of_birth, address, sex]


def blocking_rules() -> list:
    """Candidate pairs: together these cover surname changes, missing dates of birth, nicknames
    and moves, because each fact that can go missing is absent from at least one rule."""
    return [
        block_on("first_name_canon", "dob"),
        block_on("last_name", "dob"),
        block_on("last_name", "first_name_canon"),
        block_on("first_name_canon", "postcode"),
        block_on("last_name", "postcode"),
        block_on("dob", "postcode"),
        block_on("first_name_canon", "dob_swap"),
    ]


def settings(link_type: str = "dedupe_only") -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        comparisons=_comparisons(),
        blocking_rules_to_generate_predictions=blocking_rules(),
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
    )


def new_db_api(memory_limit: str = "4GB", temp_directory: str | None = None) -> DuckDBAPI:
    connection = duckdb.connect()
    connection.execute(f"SET memory_limit = '{memory_limit}'")
    connection.execute("SET threads = 2")
    if temp_directory:
        connection.execute("SET temp_directory = ?", [temp_directory])
    return DuckDBAPI(connection=connection)


@dataclass(frozen=True)
class TrainedModel:
    """A Splink model as saved JSON, with how it was trained."""

    settings_json: dict
    summary: dict = field(default_factory=dict)

    @property
    def splink_version(self) -> str:
        return splink.__version__


def train(people: pd.DataFrame, *, max_pairs: float = 2e6, seed: int = 1) -> TrainedModel:
    """Train m and u probabilities on local records (deduplication of the prepared table)."""
    started = time.perf_counter()
    db_api = new_db_api()
    linker = Linker(db_api.register(people, source_dataset_name="people"), settings(), log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    for rule in (block_on("dob"), block_on("last_name", "first_name_canon"), block_on("postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule, fix_u_probabilities=True)
    model_json = linker.misc.save_model_to_json()
    return TrainedModel(
        settings_json=model_json,
        summary={
            "records": len(people),
            "max_pairs": max_pairs,
            "seconds": round(time.perf_counter() - started, 2),
        },
    )


class Scorer:
    """A trained model bound to a prepared population, ready to score pairs against it."""

    def __init__(self, model: TrainedModel, population: pd.DataFrame):
        self.model = model
        self.db_api = new_db_api()
        self.population = self.db_api.register(population, source_dataset_name="people")
        self.linker = Linker(self.population, json.loads(json.dumps(model.settings_json)), log_level=None)
        for column in TF_COLUMNS:
            self.linker.table_management.compute_tf_table(column)

    def dedupe_pairs(self, threshold: float) -> pd.DataFrame:
        """Every candidate pair within the population at or above ``threshold``."""
        result = self.linker.inference.predict(threshold_match_probability=threshold)
        return result.as_pandas_dataframe()

    def score_new(self, new_records: pd.DataFrame, threshold: float) -> pd.DataFrame:
        """Candidate pairs between new records (receptions) and the population."""
        if new_records.empty:
            return pd.DataFrame()
        right = self.db_api.register(new_records, source_dataset_name="receptions")
        result = self.linker.inference.predict_between(
            self.population, right, threshold_match_probability=threshold
        )
        return result.as_pandas_dataframe()

    def level_labels(self) -> dict[str, dict[int, str]]:
        """Comparison name -> gamma value -> the level's label, for showing evidence."""
        labels: dict[str, dict[int, str]] = {}
        for comparison in self.linker._settings_obj.comparisons:
            name = comparison.output_column_name
            labels[name] = {
                level.comparison_vector_value: level.label_for_charts for level in comparison.comparison_levels
            }
        return labels


def field_weights(row: pd.Series) -> dict[str, float]:
    """Each comparison's match weight (log2 Bayes factor, term frequency included) for one pair."""
    weights = {}
    for name in COMPARISONS:
        factor = row.get(f"bf_{name}")
        if factor is None or (isinstance(factor, float) and math.isnan(factor)):
            continue
        tf = row.get(f"bf_tf_adj_{name}")
        if tf is not None and not (isinstance(tf, float) and math.isnan(tf)):
            factor *= tf
        weights[name] = round(math.log2(factor), 2) if factor > 0 else -99.0
    return weights
