"""Identification accuracy on generated regions, against an exact-match baseline, same run.

    uv run python bench/accuracy.py --households 20000 --seeds 1 2 3

For each seed: generate a region, run the command-line contract (ingest ×3, identify, export)
into a fresh SQLite database, score the export against the generator's ground truth at pair
level, and score an exact-match baseline (folded first name + last name + date of birth, then
the same relationship rule) on the same files. Prints figures and ratios.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from paramount.linkage.engine.prepare import fold, fold_surname  # noqa: E402
from paramount.linkage.evaluation import score_export  # noqa: E402

ADULT_RELATIONSHIPS = {"MOTHER", "FATHER", "STEP_PARENT"}


def run(command: list[str], env: dict) -> tuple[str, float]:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return result.stdout, time.perf_counter() - started


def paramount(env: dict, *args: str) -> tuple[str, float]:
    return run([sys.executable, "-m", "paramount.cli", *args], env)


def exact_match_baseline(data: Path, out: Path, areas) -> None:
    """Exact folded name + date of birth; each child record stands alone (no resolution)."""

    def read(name):
        with open(data / name, newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    people = read("people.csv")

    def key_of(row):
        return (
            fold(row["first_name"]).split(" ")[0],
            fold_surname(row["last_name"]),
            row["date_of_birth"],
        )

    by_key = defaultdict(list)
    record = {}
    for row in people:
        record[(row["source"], row["record_id"])] = row
        if row["date_of_birth"]:
            by_key[key_of(row)].append((row["source"], row["record_id"]))
    children_of = defaultdict(list)
    for rel in read("relationships.csv"):
        if rel["relationship"] in ADULT_RELATIONSHIPS or "Y" in (
            rel["parental_responsibility"],
            rel["lives_with_child"],
        ):
            children_of[(rel["source"], rel["adult_record_id"])].append(
                (rel["source"], rel["child_record_id"])
            )
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["movement_id", "child_source_records", "match_band"])
        for movement in read("prison_movements.csv"):
            if movement["movement_type"] not in ("RECEPTION", "RECALL"):
                continue
            on = date.fromisoformat(movement["movement_date"])
            for adult in by_key.get(key_of(movement), []):
                for child in children_of.get(adult, []):
                    row = record.get(child)
                    if not row or not row["date_of_birth"]:
                        continue
                    born = date.fromisoformat(row["date_of_birth"])
                    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
                    if age < 18 and areas.area_for_postcode(
                        (row["postcode"] or "").replace(" ", "")
                    ):
                        writer.writerow(
                            [movement["movement_id"], f"{child[0]}:{child[1]}", "CONFIRMED"]
                        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, nargs="+", default=[20_000])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--as-of", default="2026-11-23")
    args = parser.parse_args()

    from paramount.config import load

    areas = load()
    results = []
    for households in args.households:
        for seed in args.seeds:
            with tempfile.TemporaryDirectory() as tmp:
                tmp_path = Path(tmp)
                env = os.environ | {
                    "PARAMOUNT_HOME": str(tmp_path / "home"),
                    "DJANGO_SETTINGS_MODULE": "paramount.settings",
                }
                env.pop("PARAMOUNT_DATABASE_URL", None)
                data = tmp_path / "data"
                paramount(
                    env,
                    "synth",
                    "--out",
                    str(data),
                    "--households",
                    str(households),
                    "--seed",
                    str(seed),
                    "--as-of",
                    args.as_of,
                )
                paramount(env, "migrate", "-v0")
                timings = {}
                for feed, name in (
                    ("people", "people.csv"),
                    ("relationships", "relationships.csv"),
                    ("prison-movements", "prison_movements.csv"),
                ):
                    _, timings[f"ingest {feed}"] = paramount(
                        env, "ingest", feed, str(data / name), "--json"
                    )
                _, timings["identify"] = paramount(env, "identify", "--quiet")
                paramount(env, "export", "identifications", "--out", str(tmp_path / "export.csv"))
                ours = score_export(tmp_path / "export.csv", data / "truth")
                exact_match_baseline(data, tmp_path / "baseline.csv", areas)
                baseline = score_export(tmp_path / "baseline.csv", data / "truth")
                with open(data / "people.csv", encoding="utf-8") as handle:
                    people_rows = sum(1 for _ in handle) - 1
            result = {
                "households": households, "seed": seed, "people_rows": people_rows, "true_pairs": ours.true,
                "precision": round(ours.precision, 3), "recall": round(ours.recall, 3), "f1": round(ours.f1, 3),
                "confirmed_precision": round(ours.confirmed_precision, 3), "review_share": round(ours.review_share, 3),
                "baseline_precision": round(baseline.precision, 3), "baseline_recall": round(baseline.recall, 3),
                "baseline_f1": round(baseline.f1, 3),
                "f1_ratio_vs_baseline": round(ours.f1 / baseline.f1, 2) if baseline.f1 else None,
                "seconds": {k: round(v, 1) for k, v in timings.items()},
            }  # fmt: skip
            results.append(result)
            print(json.dumps(result), flush=True)
    mean = lambda key: sum(r[key] for r in results) / len(results)  # noqa: E731
    print(
        f"MEAN over {len(results)} runs: Paramount F1 {mean('f1'):.3f} (precision {mean('precision'):.3f}, "
        f"recall {mean('recall'):.3f}, CONFIRMED precision {mean('confirmed_precision'):.3f}, "
        f"REVIEW share {mean('review_share'):.1%}); exact-match baseline F1 {mean('baseline_f1'):.3f}; "
        f"ratio {mean('f1') / mean('baseline_f1'):.2f}x"
    )


if __name__ == "__main__":
    main()
