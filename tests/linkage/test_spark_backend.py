"""The linkage engine on Spark (local[2]) gives the same identifications as on DuckDB.

Plain pytest, no database: the engine is plain Python. The model is trained once, on DuckDB,
and the same model JSON scores on both backends. Training samples pairs at random (u from a
random sample, EM on capped samples) and each backend draws its own sample, so two trainings
differ slightly whatever the seed; a national deployment likewise trains once and shares the
stored JSON. What must agree is everything after training: the candidate pairs, each pair's
comparison levels and probability, the persons resolved and the receptions matched.
"""

from __future__ import annotations

import time
from datetime import date

import pandas as pd
import pytest

from paramount.linkage import engine
from paramount.linkage.engine import model as linkage_model
from paramount.linkage.engine import spark
from paramount.synth.generator import generate

RESOLVE_THRESHOLD = 0.99  # config defaults (paramount.config)
REVIEW_THRESHOLD = 0.80

# Spark on two local cores. Only the JVM's quick compiler: on a few thousand records the run is
# over before the optimising compiler pays for itself (about 30 s instead of 50 s here).
SPARK = engine.SparkSettings(
    master="local[2]", extra_config={"spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1"}
)

RECEPTION_COLUMNS = [
    "movement_id", "first_name", "middle_names", "last_name", "aliases", "date_of_birth", "sex",
    "address_line_1", "postcode",
]  # fmt: skip


def _read(path) -> pd.DataFrame:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return table.astype(object).where(table != "", None)


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    """People, receptions and relationships shaped as paramount.linkage.selectors shapes them."""
    out = tmp_path_factory.mktemp("spark-region")
    generate(out, households=400, seed=3, as_of=date(2026, 11, 23))

    people = _read(out / "people.csv")
    people.insert(0, "unique_id", people["source"] + ":" + people["record_id"])
    dob_of = dict(zip(people["unique_id"], people["date_of_birth"], strict=True))
    relationships = _read(out / "relationships.csv")
    child_dobs: dict[str, list[str]] = {}
    children_of: dict[str, set[str]] = {}
    cannot_link: dict[str, set[str]] = {}
    for source, adult, child in relationships[
        ["source", "adult_record_id", "child_record_id"]
    ].itertuples(index=False):
        adult_id, child_id = f"{source}:{adult}", f"{source}:{child}"
        if isinstance(dob_of.get(child_id), str):
            child_dobs.setdefault(adult_id, []).append(dob_of[child_id])
        children_of.setdefault(adult_id, set()).add(child_id)
        cannot_link.setdefault(adult_id, set()).add(child_id)
        cannot_link.setdefault(child_id, set()).add(adult_id)
    people["child_dobs"] = people["unique_id"].map(lambda uid: child_dobs.get(uid, []))

    movements = _read(out / "prison_movements.csv")
    movements = movements[movements["movement_type"].isin(["RECEPTION", "RECALL"])]
    receptions = movements[RECEPTION_COLUMNS].reset_index(drop=True)
    receptions.insert(0, "unique_id", receptions["movement_id"])
    return {
        "prepared": engine.prepare(people),
        "receptions": engine.prepare(receptions),
        "children_of": children_of,
        "cannot_link": cannot_link,
    }


@pytest.fixture(scope="module")
def trained(region):
    return engine.train(region["prepared"])


def identify(region, model: engine.TrainedModel, backend) -> dict:
    """Score, resolve and match as paramount.linkage.services and identification do."""
    started = time.perf_counter()
    prepared = region["prepared"]
    scorer = engine.Scorer(model, prepared, backend=backend)
    pairs = scorer.dedupe_pairs(threshold=0.5)
    resolved = engine.cluster(
        list(prepared["unique_id"]),
        dict(zip(prepared["unique_id"], prepared["dob"], strict=True)),
        pairs,
        threshold=RESOLVE_THRESHOLD,
        cannot_link=region["cannot_link"],
        children_of=region["children_of"],
    )
    matches = engine.match_receptions(
        scorer,
        region["receptions"],
        resolved.person_of_record,
        review_threshold=REVIEW_THRESHOLD,
    )
    return {
        "pairs": pairs,
        "resolved": resolved,
        "matches": matches,
        "seconds": round(time.perf_counter() - started, 1),
    }


@pytest.mark.spark
@pytest.mark.filterwarnings("ignore:The copy keyword is deprecated")  # pyspark 4.0 on pandas 3
def test_spark_and_duckdb_give_the_same_identifications(region, trained):
    on_duckdb = identify(region, trained, "duckdb")
    try:
        on_spark = identify(region, trained, SPARK)
    finally:
        spark.stop()
    print(f"DuckDB {on_duckdb['seconds']} s, Spark local[2] {on_spark['seconds']} s")

    # The same candidate pairs, each with the same probability and match weights.
    key = ["unique_id_l", "unique_id_r"]
    duck = on_duckdb["pairs"].set_index(key).sort_index()
    sparked = on_spark["pairs"].set_index(key).sort_index()
    assert len(duck) > 500, "the data should give plenty of candidate pairs to compare"
    assert list(duck.index) == list(sparked.index)
    assert sorted(duck.columns) == sorted(sparked.columns)
    for column in duck.columns:
        difference = (duck[column].astype(float) - sparked[column].astype(float)).abs().max()
        assert difference < 1e-9, column

    # The same persons.
    duck_people = on_duckdb["resolved"].person_of_record
    assert duck_people == on_spark["resolved"].person_of_record
    assert on_duckdb["resolved"].persons < len(duck_people), "some records should merge"

    # The same receptions matched to the same persons, with the same evidence.
    def by_movement(matches):
        return {(m.movement_id, m.person_key): m for m in matches}

    duck_matches = by_movement(on_duckdb["matches"])
    spark_matches = by_movement(on_spark["matches"])
    assert len(duck_matches) >= 3, "some receptions should match local people"
    assert duck_matches.keys() == spark_matches.keys()
    for found, duck_match in duck_matches.items():
        spark_match = spark_matches[found]
        assert spark_match.probability == pytest.approx(duck_match.probability, abs=1e-6)
        assert spark_match.best_record == duck_match.best_record
        assert spark_match.records == duck_match.records
        assert [(f.field, f.agreement) for f in spark_match.fields] == [
            (f.field, f.agreement) for f in duck_match.fields
        ]


def test_model_json_translates_to_splinks_own_spark_sql():
    """Every comparison level and blocking rule Splink writes itself comes out of the
    translation of the stored DuckDB JSON exactly as Splink writes it for Spark; the custom
    levels (double-quoted columns, which Spark would read as strings) name columns."""
    settings = linkage_model.settings()
    translated = spark.settings_for_spark(settings.create_settings_dict("duckdb"))
    native = settings.create_settings_dict("spark")
    custom = 0
    for ours, splinks in zip(translated["comparisons"], native["comparisons"], strict=True):
        for level, native_level in zip(
            ours["comparison_levels"], splinks["comparison_levels"], strict=True
        ):
            if '"' in native_level["sql_condition"]:  # a CustomLevel: Splink leaves it as written
                custom += 1
                assert '"' not in level["sql_condition"]
                assert "`" in level["sql_condition"]
            else:  # Spark's function names are not case sensitive
                assert level["sql_condition"].lower() == native_level["sql_condition"].lower()
    assert custom >= 1
    rules = [r["blocking_rule"] for r in translated["blocking_rules_to_generate_predictions"]]
    native_rules = [r["blocking_rule"] for r in native["blocking_rules_to_generate_predictions"]]
    assert len(rules) == len(native_rules)
    for ours, splinks in zip(rules, native_rules, strict=True):
        if '"' in splinks:  # a CustomRule: Splink leaves it as written, double quotes and all
            assert '"' not in ours
            assert ours == splinks.replace('"', "`")
        else:
            assert ours == splinks
    assert "`dob_l` = `dob_swap_r`" in [
        level["sql_condition"]
        for comparison in translated["comparisons"]
        for level in comparison["comparison_levels"]
    ]


def test_a_model_trained_on_spark_is_stored_in_duckdb_sql():
    """What a Spark linker saves goes back into the DuckDB form it was translated from, with
    the trained parameters kept."""
    duckdb_json = linkage_model.settings().create_settings_dict("duckdb")
    trained_on_spark = spark.settings_for_spark(duckdb_json)
    trained_on_spark["probability_two_random_records_match"] = 0.001
    trained_on_spark["comparisons"][0]["comparison_levels"][1]["m_probability"] = 0.9
    stored = spark.settings_from_spark(trained_on_spark, duckdb_json)
    assert stored["sql_dialect"] == "duckdb"
    assert stored["probability_two_random_records_match"] == 0.001
    assert stored["comparisons"][0]["comparison_levels"][1]["m_probability"] == 0.9
    for ours, original in zip(stored["comparisons"], duckdb_json["comparisons"], strict=True):
        assert [level["sql_condition"] for level in ours["comparison_levels"]] == [
            level["sql_condition"] for level in original["comparison_levels"]
        ]
    assert (
        stored["blocking_rules_to_generate_predictions"]
        == duckdb_json["blocking_rules_to_generate_predictions"]
    )


def test_unknown_backends_and_functions_are_refused():
    with pytest.raises(ValueError, match="Unknown linkage backend"):
        spark.as_spark_settings("sparkle")
    with pytest.raises(ValueError, match="No Spark equivalent"):
        spark.settings_for_spark(
            {
                "comparisons": [
                    {"comparison_levels": [{"sql_condition": 'list_cosine("a_l", "a_r") > 0.9'}]}
                ]
            }
        )


def test_the_backend_comes_from_the_environment(monkeypatch):
    from paramount.linkage.services import linkage_backend

    monkeypatch.delenv("PARAMOUNT_LINKAGE_BACKEND", raising=False)
    assert linkage_backend() == "duckdb"
    monkeypatch.setenv("PARAMOUNT_LINKAGE_BACKEND", "spark")
    monkeypatch.setenv("PARAMOUNT_SPARK_MASTER", "spark://linkage-master:7077")
    monkeypatch.setenv("PARAMOUNT_SPARK_SHUFFLE_PARTITIONS", "400")
    monkeypatch.setenv("PARAMOUNT_SPARK_CHECKPOINT_DIR", "hdfs:///paramount/checkpoints")
    backend = linkage_backend()
    assert backend.master == "spark://linkage-master:7077"
    assert backend.shuffle_partitions == 400
    assert backend.break_lineage_method == "parquet"
    assert "spark.driver.host" not in spark.spark_config(backend)  # a cluster needs the network
    monkeypatch.setenv("PARAMOUNT_LINKAGE_BACKEND", "hadoop")
    with pytest.raises(ValueError, match="PARAMOUNT_LINKAGE_BACKEND"):
        linkage_backend()
