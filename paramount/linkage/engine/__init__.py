"""The linkage engine: plain Python around Splink, with no Django import.

Tables in (pandas DataFrames of records), frozen dataclasses out. The Django side
(:mod:`paramount.linkage.services`, :mod:`paramount.identification.services`) loads the tables
from the database and stores what comes back.
"""

from paramount.linkage.engine.bands import RULE_NAMES as BAND_RULES
from paramount.linkage.engine.bands import Band, band_of
from paramount.linkage.engine.link import (
    FieldEvidence,
    PersonMatch,
    agrees_beyond_the_name,
    match_receptions,
)
from paramount.linkage.engine.model import Scorer, TrainedModel, train
from paramount.linkage.engine.prepare import (
    fill_household_addresses,
    prepare,
    prepare_receptions,
    prison_given_as_address,
)
from paramount.linkage.engine.resolve import ResolvedPeople, cluster, person_key
from paramount.linkage.engine.spark import SparkSettings

__all__ = [
    "BAND_RULES",
    "Band",
    "FieldEvidence",
    "PersonMatch",
    "ResolvedPeople",
    "Scorer",
    "SparkSettings",
    "TrainedModel",
    "agrees_beyond_the_name",
    "fill_household_addresses",
    "band_of",
    "cluster",
    "match_receptions",
    "person_key",
    "prepare",
    "prepare_receptions",
    "prison_given_as_address",
    "train",
]
