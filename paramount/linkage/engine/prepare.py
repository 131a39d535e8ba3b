"""Turning records into the columns the linkage model compares.

Names are folded (accents, case and punctuation removed: O’Neill = ONeill = oneill, Nguyễn =
nguyen), first names also get a canonical form (Bill = William), and every name a person is
known by goes into an array (surname parts, previous surnames, aliases) so a changed surname
still agrees with the old one. Values repeat a great deal in a population, so each distinct
value is folded once.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
from unidecode import unidecode

from paramount.linkage.engine.nicknames import canonical_first_name

PREPARED_COLUMNS = (
    "unique_id",
    "first_name",
    "first_name_canon",
    "first_names",
    "last_name",
    "last_names",
    "dob",
    "dob_swap",
    "sex",
    "postcode",
    "postcode_district",
    "address_key",
    "child_dobs",
)


@lru_cache(maxsize=500_000)
def fold(value: str) -> str:
    """Lower-case ASCII words separated by single spaces; apostrophes vanish, hyphens split."""
    ascii_text = unidecode(value).lower()
    ascii_text = re.sub(r"['`]", "", ascii_text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text).split())


@lru_cache(maxsize=500_000)
def fold_surname(value: str) -> str:
    """One token: ``Smith-Jones`` = ``smithjones``, ``MacDonald`` = ``mcdonald``."""
    joined = fold(value).replace(" ", "")
    return "mc" + joined[3:] if joined.startswith("mac") and len(joined) > 5 else joined


def _words(value) -> list[str]:
    return fold(value).split() if isinstance(value, str) and value else []


def _surname_variants(value) -> list[str]:
    if not isinstance(value, str) or not value:
        return []
    parts = _words(value)
    whole = fold_surname(value)
    return [whole, *(p for p in parts if len(p) > 1 and p != whole)]


def _first(value) -> str | None:
    words = _words(value)
    return words[0] if words else None


STREET_WORDS = {
    "rd": "road", "st": "street", "ave": "avenue", "av": "avenue", "ln": "lane", "cl": "close",
    "cres": "crescent", "cr": "crescent", "dr": "drive", "gdns": "gardens", "pl": "place",
    "sq": "square", "ct": "court", "tce": "terrace", "terr": "terrace", "gr": "grove", "gro": "grove",
    "pk": "park", "hse": "house", "wy": "way", "mws": "mews", "hts": "heights", "bldgs": "buildings",
}  # fmt: skip


def _address_key(line) -> str | None:
    """The first line of an address, folded, with street abbreviations spelled out:
    ``14 High St.`` = ``14 high street``."""
    words = [STREET_WORDS.get(word, word) for word in _words(line)]
    if not words:
        return None
    return " ".join(words[:6])


def _postcode(value) -> str | None:
    if not isinstance(value, str):
        return None
    compact = value.replace(" ", "").upper()
    return compact if compact and compact != "NFA" else None


def _unique_sorted(items) -> list[str]:
    return sorted({i for i in items if i})


def prepare(records: pd.DataFrame) -> pd.DataFrame:
    """Add the comparison columns to a table of people records or receptions.

    Expects ``unique_id``, ``first_name``, ``last_name`` and optionally ``middle_names``,
    ``previous_last_names`` (``|``-separated), ``aliases`` (``FIRST LAST|…``), ``date_of_birth``
    (ISO text), ``sex``, ``address_line_1``, ``postcode``. Returns only :data:`PREPARED_COLUMNS`.
    """

    def col(name: str) -> pd.Series:
        return (
            records[name]
            if name in records
            else pd.Series([None] * len(records), index=records.index)
        )

    first = col("first_name").map(_first, na_action="ignore")
    out = pd.DataFrame({"unique_id": records["unique_id"].astype(str)})
    out["first_name"] = first
    out["first_name_canon"] = first.map(canonical_first_name, na_action="ignore")
    out["last_name"] = col("last_name").map(fold_surname, na_action="ignore").replace("", None)

    middles = col("middle_names").map(_words, na_action="ignore")
    previous = col("previous_last_names")
    aliases = col("aliases")
    first_names, last_names = [], []
    for first_value, middle, last_value, prev, alias in zip(
        first, middles, col("last_name"), previous, aliases, strict=True
    ):
        firsts = [first_value] if first_value else []
        if isinstance(middle, list):
            firsts.extend(middle)
        lasts = _surname_variants(last_value)
        if isinstance(prev, str):
            for name in prev.split("|"):
                lasts.extend(_surname_variants(name))
        if isinstance(alias, str):
            for pair in alias.split("|"):
                words = _words(pair)
                if len(words) >= 2:
                    firsts.append(words[0])
                    lasts.extend(_surname_variants(" ".join(words[1:])))
        first_names.append(_unique_sorted(canonical_first_name(f) for f in firsts))
        last_names.append(_unique_sorted(lasts))
    out["first_names"] = first_names
    out["last_names"] = last_names

    dob = col("date_of_birth").astype("string")
    out["dob"] = dob.where(dob.str.len() == 10, None)
    swapped = dob.str[0:5] + dob.str[8:10] + "-" + dob.str[5:7]
    out["dob_swap"] = swapped.where(dob.str[8:10].fillna("99").astype(int) <= 12, None)
    out["sex"] = col("sex").where(col("sex").isin(["M", "F"]), None)
    out["postcode"] = col("postcode").map(_postcode, na_action="ignore")
    out["postcode_district"] = out["postcode"].str[:-3]
    out["address_key"] = col("address_line_1").map(_address_key, na_action="ignore")
    out["child_dobs"] = [
        sorted(set(value)) if isinstance(value, list | tuple) else [] for value in col("child_dobs")
    ]
    return out[list(PREPARED_COLUMNS)].astype(object).where(out.notna(), None)
