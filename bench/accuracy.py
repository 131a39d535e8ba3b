"""Identification accuracy in two worlds: our own generator and regions made by someone else.

    uv run python bench/accuracy.py --households 40000 --seeds 1 2 3
    uv run python bench/accuracy.py --seeds --regions ../shared/eval/region-a ../shared/eval/region-b

For each seed: generate a region, run the command-line contract (ingest ×3, identify, export)
into a fresh SQLite database, score the export against the generator's ground truth at pair
level, and score an exact-match baseline (folded first name + last name + date of birth, then
the same relationship rule) on the same files.

For each ``--regions`` folder (the three feeds and ``truth.json``, from an independent
generator; ``.csv.gz`` files are read too): run the same contract and score the export with the
folder's own scorer (``--scorer``, by default ``score.py`` beside the folder), printing its
figures and the recall per phenomenon (the ways the prison record differs from the truth) and
per kind of link evidence. Every row is also checked against what must never be listed: a
child not yet born or 18 or over on the reception date, or one child twice for one reception.
Prints figures and ratios.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import shutil
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


def run_contract(env: dict, files: dict[str, Path], export: Path) -> dict[str, float]:
    """Migrate, ingest the three feeds, identify and export; the seconds each step took."""
    paramount(env, "migrate", "-v0")
    timings = {}
    for feed in ("people", "relationships", "prison-movements"):
        _, timings[f"ingest {feed}"] = paramount(env, "ingest", feed, str(files[feed]), "--json")
    _, timings["identify"] = paramount(env, "identify", "--quiet")
    paramount(env, "export", "identifications", "--out", str(export))
    return timings


FEED_FILES = {
    "people": "people.csv",
    "relationships": "relationships.csv",
    "prison-movements": "prison_movements.csv",
}


def _feed_files(folder: Path, into: Path) -> dict[str, Path]:
    """The folder's three feeds and its truth (``truth``), decompressing any that come gzipped
    into ``into``."""
    files = {}
    for feed, name in (*FEED_FILES.items(), ("truth", "truth.json")):
        if (folder / name).exists():
            files[feed] = folder / name
            continue
        into.mkdir(parents=True, exist_ok=True)
        with gzip.open(folder / f"{name}.gz", "rb") as source, open(into / name, "wb") as out:
            shutil.copyfileobj(source, out)
        files[feed] = into / name
    return files


def never_listed(export: Path, people: Path, movements: Path) -> dict[str, int]:
    """Rows that must never be: a child born after the reception date, a child 18 or over by
    every date of birth their records give, and one child (child key) twice for a reception."""
    born: dict[str, list[date]] = defaultdict(list)
    with open(people, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row.get("date_of_birth"):
                try:
                    born[f"{row['source']}:{row['record_id']}"].append(
                        date.fromisoformat(row["date_of_birth"])
                    )
                except ValueError:
                    continue
    with open(movements, newline="", encoding="utf-8") as handle:
        on = {
            row["movement_id"]: date.fromisoformat(row["movement_date"])
            for row in csv.DictReader(handle)
        }
    counts = {"unborn": 0, "adult": 0, "child_twice": 0}
    seen = set()
    with open(export, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            received = on[row["movement_id"]]
            dobs = [d for ref in row["child_source_records"].split("|") for d in born.get(ref, ())]
            if dobs and min(dobs) > received:
                counts["unborn"] += 1
            if dobs and all(_age(d, received) >= 18 for d in dobs):
                counts["adult"] += 1
            key = (row["movement_id"], row.get("child_key") or row["child_source_records"])
            counts["child_twice"] += key in seen
            seen.add(key)
    return counts


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def score_region(folder: Path, scorer: Path) -> dict:
    """Run the contract on an independent region and score it with its own scorer."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        env = _fresh_env(tmp_path)
        files = _feed_files(folder, tmp_path / "data")
        export = tmp_path / "export.csv"
        timings = run_contract(env, files, export)
        metrics_file = tmp_path / "metrics.json"
        scored = subprocess.run(
            [sys.executable, str(scorer), "--truth", str(files["truth"]), "--export",
             str(export), "--json", str(metrics_file)],
            capture_output=True, text=True,
        )  # fmt: skip
        if scored.returncode:
            sys.exit(f"{scorer} failed on {folder.name}: {scored.stderr.strip()}")
        metrics = json.loads(metrics_file.read_text())
        checks = never_listed(export, files["people"], files["prison-movements"])
    return {
        "region": folder.name, "true_pairs": metrics["true_pairs"],
        "precision": round(metrics["precision"], 3), "recall": round(metrics["recall"], 3),
        "f1": round(metrics["f1"], 3),
        "confirmed_precision": round(metrics["confirmed_only"]["precision"], 3),
        "review_share": round(metrics["review_share"], 3),
        "duplicate_rows": metrics["duplicate_rows_true_child"] + metrics["duplicate_rows_wrong_child"],
        **checks,
        "fp_by_cause": metrics["fp_by_cause"],
        "recall_by_tag": {k: [v["pairs"], round(v["recall"], 2)] for k, v in metrics["recall_by_tag"].items()},
        "recall_by_link_evidence": {
            k: [v["pairs"], round(v["recall"], 2)] for k, v in metrics["recall_by_link_evidence"].items()
        },
        "seconds": {k: round(v, 1) for k, v in timings.items()},
    }  # fmt: skip


def _fresh_env(tmp_path: Path) -> dict:
    env = os.environ | {
        "PARAMOUNT_HOME": str(tmp_path / "home"),
        "DJANGO_SETTINGS_MODULE": "paramount.settings",
    }
    env.pop("PARAMOUNT_DATABASE_URL", None)
    return env


def print_regions(results: list[dict]) -> None:
    print("| region | true pairs | F1 | precision | recall | CONFIRMED precision | REVIEW share "
          "| child twice | unborn | adult | identify s |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['region']} | {r['true_pairs']} | {r['f1']:.3f} | {r['precision']:.3f} | "
            f"{r['recall']:.3f} | {r['confirmed_precision']:.3f} | {r['review_share']:.1%} | "
            f"{r['duplicate_rows']} | {r['unborn']} | {r['adult']} | {r['seconds']['identify']} |"
        )
    for key in ("recall_by_tag", "recall_by_link_evidence"):
        names = sorted({name for r in results for name in r[key]})
        print(f"\n| {key.removeprefix('recall_by_').replace('_', ' ')} | "
              + " | ".join(r["region"] for r in results) + " |")  # fmt: skip
        print("|---|" + "---|" * len(results))
        for name in names:
            cells = [
                f"{r[key][name][1]:.2f} ({r[key][name][0]})" if name in r[key] else ""
                for r in results
            ]
            print(f"| {name} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, nargs="+", default=[20_000])
    parser.add_argument(
        "--seeds", type=int, nargs="*", default=[1, 2], help="our generator's seeds (none: skip)"
    )
    parser.add_argument(
        "--regions", type=Path, nargs="*", default=[], help="independent regions to score"
    )
    parser.add_argument("--scorer", type=Path, help="default: score.py beside each region")
    parser.add_argument("--as-of", default="2026-11-23")
    args = parser.parse_args()

    from paramount.config import load

    areas = load()
    regions = []
    for folder in args.regions:
        scorer = args.scorer or folder.parent / "score.py"
        regions.append(score_region(folder, scorer))
        print(json.dumps(regions[-1]), flush=True)
    if regions:
        print_regions(regions)
    results = []
    for households in args.households if args.seeds else ():
        for seed in args.seeds:
            with tempfile.TemporaryDirectory() as tmp:
                tmp_path = Path(tmp)
                env = _fresh_env(tmp_path)
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
                timings = run_contract(
                    env, {feed: data / name for feed, name in FEED_FILES.items()},
                    tmp_path / "export.csv",
                )  # fmt: skip
                checks = never_listed(
                    tmp_path / "export.csv", data / "people.csv", data / "prison_movements.csv"
                )
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
                **checks,
                "seconds": {k: round(v, 1) for k, v in timings.items()},
            }  # fmt: skip
            results.append(result)
            print(json.dumps(result), flush=True)
    if not results:
        return
    mean = lambda key: sum(r[key] for r in results) / len(results)  # noqa: E731
    print(
        f"MEAN over {len(results)} runs: Paramount F1 {mean('f1'):.3f} (precision {mean('precision'):.3f}, "
        f"recall {mean('recall'):.3f}, CONFIRMED precision {mean('confirmed_precision'):.3f}, "
        f"REVIEW share {mean('review_share'):.1%}); exact-match baseline F1 {mean('baseline_f1'):.3f}; "
        f"ratio {mean('f1') / mean('baseline_f1'):.2f}x"
    )


if __name__ == "__main__":
    main()
