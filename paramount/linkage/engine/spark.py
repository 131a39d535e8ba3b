"""Running the linkage model on Spark instead of DuckDB (national scale; see ``docs/spark.md``).

DuckDB is the default backend and needs nothing from here. With ``backend="spark"`` (or a
:class:`SparkSettings`), :mod:`.model` asks this module for Splink's ``SparkAPI`` and for the
model's settings in Spark SQL. pyspark is an optional dependency (``paramount[spark]``) and is
imported only when a Spark backend is asked for.

One model JSON serves both backends. The JSON stored with every trained model is always in
DuckDB's SQL, whichever backend trained it: :func:`settings_for_spark` translates it to Spark SQL
for a Spark linker, and :func:`settings_from_spark` puts what Spark trained back into the DuckDB
form. The translation matters because Spark SQL reads ``"dob_l"`` as a string literal rather
than a column, and Splink's DuckDB functions have other names on Spark
(``jaro_winkler_similarity`` is the ``jaro_winkler`` function in the jar Splink bundles).
"""

from __future__ import annotations

import copy
import os
import tempfile
from dataclasses import dataclass, field
from functools import cache

import pandas as pd
from sqlglot import exp, parse_one

# Functions sqlglot does not know how to carry from DuckDB to Spark: DuckDB's name -> Spark's.
# jaro_winkler, jaro_sim and damerau_levenshtein are the Scala UDFs in the jar Splink bundles.
_FUNCTIONS_TO_SPARK = {
    "jaro_winkler_similarity": "jaro_winkler",
    "jaro_similarity": "jaro_sim",
    "damerau_levenshtein": "damerau_levenshtein",
    "list_intersect": "array_intersect",
    "array_intersect": "array_intersect",
}


@dataclass(frozen=True)
class SparkSettings:
    """Where and how the Spark backend runs.

    The defaults suit one 2-core machine with 24 GB (``local[2]``: the whole job in the driver
    JVM). On a cluster, set ``master`` (``spark://host:7077``, ``yarn``, ``k8s://…``), give
    executors memory through ``extra_config`` and point ``checkpoint_dir`` at storage every
    executor can reach, so Splink writes its large intermediate tables as Parquet there instead
    of holding them in memory.
    """

    master: str = "local[2]"
    app_name: str = "paramount-linkage"
    driver_memory: str = "4g"
    shuffle_partitions: int = 2
    checkpoint_dir: str | None = None
    local_dir: str | None = None
    extra_config: dict[str, str] = field(default_factory=dict)

    @property
    def break_lineage_method(self) -> str:
        return "parquet" if self.checkpoint_dir else "persist"


def as_spark_settings(backend) -> SparkSettings:
    """``"spark"`` means the defaults; a :class:`SparkSettings` is taken as it is."""
    if isinstance(backend, SparkSettings):
        return backend
    if backend == "spark":
        return SparkSettings()
    raise ValueError(f"Unknown linkage backend {backend!r}: use 'duckdb' or 'spark'")


def is_spark(backend) -> bool:
    return isinstance(backend, SparkSettings) or backend == "spark"


def spark_config(options: SparkSettings) -> dict[str, str]:
    """The Spark configuration a session is built with (before ``options.extra_config``)."""
    from splink.backends.spark import similarity_jar_location

    config = {
        # Splink's Scala UDFs (jaro_winkler, damerau_levenshtein, …) for the comparisons.
        "spark.jars": similarity_jar_location(),
        "spark.driver.memory": options.driver_memory,
        "spark.sql.shuffle.partitions": str(options.shuffle_partitions),
        "spark.default.parallelism": str(options.shuffle_partitions),
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.sql.session.timeZone": "UTC",
        "spark.ui.showConsoleProgress": "false",
        # Splink keeps its tables as temporary views; nothing should land in the working directory.
        "spark.sql.warehouse.dir": os.path.join(tempfile.gettempdir(), "paramount-spark-warehouse"),
    }
    if options.local_dir:
        config["spark.local.dir"] = options.local_dir
    if options.master.startswith("local"):
        # One machine: no web UI, listen on loopback only, and keep Spark off the network.
        config["spark.ui.enabled"] = "false"
        config["spark.driver.host"] = "127.0.0.1"
        config["spark.driver.bindAddress"] = "127.0.0.1"
    config.update(options.extra_config)
    if "spark.jars" in options.extra_config:  # other jars as well as Splink's, not instead
        config["spark.jars"] = f"{similarity_jar_location()},{options.extra_config['spark.jars']}"
    return config


_root: list = []  # [(SparkSettings, SparkSession)]: one Spark context per process


def _root_session(options: SparkSettings):
    from pyspark.sql import SparkSession

    if _root:
        running_options, running = _root[0]
        if running.sparkContext._jsc is not None:  # not stopped
            if running_options != options:
                raise RuntimeError(
                    "A Spark context with other settings is already running in this process"
                )
            return running
        _root.clear()
    if options.master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder.master(options.master).appName(options.app_name)
    for key, value in spark_config(options).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    if options.checkpoint_dir:
        session.sparkContext.setCheckpointDir(options.checkpoint_dir)
    _root.append((options, session))
    return session


def spark_session(backend="spark"):
    """A fresh Spark session (own temporary views, SQL settings and functions) on the shared
    Spark context, so two scorers in one process never see each other's tables."""
    return _root_session(as_spark_settings(backend)).newSession()


def new_spark_api(backend="spark"):
    """Splink's ``SparkAPI`` on a new session, with the bundled Scala UDFs registered."""
    options = as_spark_settings(backend)
    session = spark_session(options)
    api = _api_class()(
        spark_session=session,
        break_lineage_method=options.break_lineage_method,
        num_partitions_on_repartition=max(1, options.shuffle_partitions // 2),
    )
    try:
        session.sql("SELECT jaro_winkler('a', 'a'), damerau_levenshtein('a', 'b')").collect()
    except Exception as error:
        raise RuntimeError(
            "Splink's Scala functions are not available in this Spark session: start Spark "
            "with the jar from splink.backends.spark.similarity_jar_location() on spark.jars"
        ) from error
    return api


@cache
def _api_class():
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        DoubleType,
        LongType,
        StringType,
        StructField,
        StructType,
    )
    from splink.backends.spark import SparkAPI

    def spark_type(column: pd.Series):
        if pd.api.types.is_bool_dtype(column):
            return BooleanType()
        if pd.api.types.is_integer_dtype(column):
            return LongType()
        if pd.api.types.is_float_dtype(column):
            return DoubleType()
        sample = next((v for v in column if v is not None and v is not pd.NA), None)
        if isinstance(sample, bool):
            return BooleanType()
        if isinstance(sample, list | tuple) or hasattr(sample, "tolist"):
            return ArrayType(StringType())
        return StringType()

    class PandasSchemaSparkAPI(SparkAPI):
        """Registers pandas tables with a schema taken from the columns, not inferred row by
        row: a column with no values (no reception has ``child_dobs``) would defeat inference."""

        def _table_registration(self, input, table_name: str) -> None:
            if isinstance(input, pd.DataFrame):
                schema = StructType(
                    [StructField(str(name), spark_type(input[name])) for name in input.columns]
                )
                rows = input.astype(object).where(input.notna(), None)
                for name, column_field in zip(input.columns, schema.fields, strict=True):
                    if isinstance(column_field.dataType, ArrayType):
                        rows[name] = rows[name].map(
                            lambda v: None if v is None else [str(x) for x in v]
                        )
                input = self.spark.createDataFrame(rows, schema=schema)
            super()._table_registration(input, table_name)

    return PandasSchemaSparkAPI


def _translate(sql: str) -> str:
    """One SQL condition or blocking rule from DuckDB's SQL to Spark's."""
    if sql.strip().upper() == "ELSE":
        return sql

    def rename(node):
        if isinstance(node, exp.JarowinklerSimilarity):
            return exp.Anonymous(this="jaro_winkler", expressions=[node.this, node.expression])
        if isinstance(node, exp.Anonymous):
            name = str(node.this).lower()
            if name not in _FUNCTIONS_TO_SPARK:
                raise ValueError(f"No Spark equivalent known for {name}() in: {sql}")
            return exp.Anonymous(this=_FUNCTIONS_TO_SPARK[name], expressions=node.expressions)
        return node

    return parse_one(sql, read="duckdb").transform(rename).sql(dialect="spark")


def settings_for_spark(settings_json: dict) -> dict:
    """A Splink settings dictionary (or saved model) in DuckDB's SQL, in Spark's SQL."""
    if settings_json.get("sql_dialect", "duckdb") != "duckdb":
        raise ValueError(f"Expected a model in DuckDB's SQL, got {settings_json['sql_dialect']}")
    spark_json = copy.deepcopy(settings_json)
    spark_json["sql_dialect"] = "spark"
    for comparison in spark_json["comparisons"]:
        for level in comparison["comparison_levels"]:
            level["sql_condition"] = _translate(level["sql_condition"])
    rules = []
    for rule in spark_json.get("blocking_rules_to_generate_predictions", []):
        if isinstance(rule, str):
            rule = {"blocking_rule": rule}
        translated = _translate(rule["blocking_rule"])
        rules.append({**rule, "blocking_rule": translated, "sql_dialect": "spark"})
    spark_json["blocking_rules_to_generate_predictions"] = rules
    return spark_json


def settings_from_spark(trained_json: dict, duckdb_json: dict) -> dict:
    """What a Spark linker trained (m and u probabilities, term frequencies, the prior), in the
    DuckDB form ``duckdb_json`` it was translated from, so the stored model stays in one SQL."""
    model = copy.deepcopy(trained_json)
    model["sql_dialect"] = "duckdb"
    model["blocking_rules_to_generate_predictions"] = copy.deepcopy(
        duckdb_json["blocking_rules_to_generate_predictions"]
    )
    for trained, original in zip(model["comparisons"], duckdb_json["comparisons"], strict=True):
        if trained["output_column_name"] != original["output_column_name"]:
            raise ValueError("The Spark model's comparisons are not the DuckDB model's")
        for level, source in zip(
            trained["comparison_levels"], original["comparison_levels"], strict=True
        ):
            level["sql_condition"] = source["sql_condition"]
            if "label_for_charts" in source:
                level["label_for_charts"] = source["label_for_charts"]
    return model


def linker_settings(backend, model_settings):
    """The settings to build a Splink linker with on ``backend``: as given on DuckDB; on Spark,
    translated to Spark SQL (``model_settings`` is a SettingsCreator or a saved model JSON)."""
    if not is_spark(backend):
        return model_settings
    if not isinstance(model_settings, dict):
        model_settings = model_settings.create_settings_dict("duckdb")
    return settings_for_spark(model_settings)


def model_json_in_duckdb_sql(backend, trained_json: dict, model_settings) -> dict:
    """A model saved by a linker on ``backend``, in DuckDB's SQL (``model_settings``: the
    SettingsCreator the linker's settings were made from)."""
    if not is_spark(backend):
        return trained_json
    return settings_from_spark(trained_json, model_settings.create_settings_dict("duckdb"))


def population_frame(api, population):
    """The prepared population for a Spark linker to register: a pandas table as it is; a
    Parquet file (the scorer's population cache) read by Spark itself when Spark runs on this
    machine, and otherwise read here and sent through the driver, since a cluster's executors
    cannot see the driver's disk."""
    if isinstance(population, pd.DataFrame):
        return population
    if api.spark.sparkContext.master.startswith("local"):
        return api.spark.read.parquet(str(population))
    return pd.read_parquet(population)


def stop() -> None:
    """Stop this process's Spark context (the next Spark backend call starts a new one)."""
    if _root:
        _root.pop()[1].stop()
