"""Each band rule switched off in turn, in both worlds: what it costs and what it saves.

    uv run python bench/rules.py --seeds 1 2 3 4 5 6 7 8 9 10 --households 40000 \\
        --regions ../shared/eval/region-a ../shared/eval/region-b ../shared/eval/region-c

For each world (a seed of our own generator, or an independent region with its own scorer):
run the command-line contract once with every band rule off, so that every match at or above
the review threshold is stored with its evidence; then band each stored match again from that
evidence (:func:`paramount.linkage.engine.band_of`) with the default configuration's rules, with
each rule switched the other way in turn, each alone, none and all, and score each variant's
export. The band rules change only the band of
a match or whether it is listed, never the match, so one identification serves every variant.

Rules overlap (two may catch the same wrong confirmation), so each is also measured alone, with
the others off. Prints, per variant and world, what it changes against the default: the change in F1, precision, recall,
CONFIRMED precision and REVIEW share, and the wrong CONFIRMED rows it lets through; for our own
seeds the mean and the spread (standard deviation) over the seeds. A rule whose effect is
inside the spread, or that helps one world and hurts the other, has no measured reason.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import accuracy  # noqa: E402

from paramount.linkage.engine import BAND_RULES  # noqa: E402

CONFIG = Path(__file__).resolve().parent.parent / "paramount" / "config" / "default.toml"
DEFAULT = "default"


def default_rules() -> tuple[str, ...]:
    """The band rules the default configuration switches on."""
    settings = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["identification"]
    return tuple(name for name in BAND_RULES if settings.get(name))


def variants() -> dict[str, tuple[str, ...]]:
    """Variant name -> the rules switched on: the default; each rule switched the other way;
    each rule alone; none; all."""
    default = default_rules()
    switched = {
        (f"off: {name}" if name in default else f"on: {name}"): tuple(
            r for r in BAND_RULES if (r in default) != (r == name)
        )
        for name in BAND_RULES
    }
    alone = {f"only on: {name}": (name,) for name in BAND_RULES}
    return {DEFAULT: default, **switched, **alone, "all off": (), "all on": BAND_RULES}


def config_without_band_rules(into: Path) -> Path:
    """The default configuration with every band rule off."""
    text = CONFIG.read_text(encoding="utf-8")
    for name in BAND_RULES:
        text, found = re.subn(rf"^{name} = (true|false)$", f"{name} = false", text, flags=re.M)
        if not found:
            sys.exit(f"{CONFIG}: expected a line '{name} = true' or '… = false'")
    path = into / "no-band-rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def reband(export: Path, into: Path) -> None:
    """Inside the world's environment: one export per variant, banded again from the evidence."""
    import django

    django.setup()
    from paramount import config
    from paramount.identification.models import Identification
    from paramount.linkage.engine import FieldEvidence, PersonMatch, band_of

    confirm = config.current().identification.confirm_threshold
    match_of = {}
    for identification_id, probability, evidence in Identification.objects.values_list(
        "identification_id", "reception_match__match_probability", "reception_match__evidence"
    ):
        match_of[identification_id] = PersonMatch(
            movement_id="",
            person_key="",
            probability=probability,
            best_record="",
            records=(),
            fields=tuple(FieldEvidence(**field) for field in evidence["fields"]),
            runner_up_probability=None,
        )
    with open(export, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns, rows = reader.fieldnames, list(reader)
    for variant, rules in variants().items():
        with open(into / f"{variant}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            for row in rows:
                band = band_of(
                    match_of[row["identification_id"]], confirm_threshold=confirm, rules=rules
                ).band
                if band:
                    writer.writerow({**row, "match_band": band})


def score(world: dict, export: Path) -> dict[str, float]:
    if "truth_dir" in world:
        ours = accuracy.score_export(export, world["truth_dir"])
        wrong = ours.confirmed - ours.confirmed_true_positives
        return {
            "f1": ours.f1, "precision": ours.precision, "recall": ours.recall,
            "confirmed_precision": ours.confirmed_precision, "review_share": ours.review_share,
            "wrong_confirmed": wrong,
        }  # fmt: skip
    metrics_file = export.with_suffix(".json")
    subprocess.run(
        [sys.executable, str(world["scorer"]), "--truth", str(world["truth"]), "--export",
         str(export), "--json", str(metrics_file)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    metrics = json.loads(metrics_file.read_text())
    return {
        "f1": metrics["f1"], "precision": metrics["precision"], "recall": metrics["recall"],
        "confirmed_precision": metrics["confirmed_only"]["precision"],
        "review_share": metrics["review_share"], "wrong_confirmed": metrics["confirmed_only"]["fp"],
    }  # fmt: skip


def measure(world: dict, files: dict[str, Path], tmp_path: Path, config_file: Path) -> dict:
    """Identify once with every band rule off; score every variant."""
    env = accuracy._fresh_env(tmp_path) | {"PARAMOUNT_CONFIG": str(config_file)}
    export = tmp_path / "export.csv"
    accuracy.run_contract(env, files, export)
    variants_dir = tmp_path / "variants"
    variants_dir.mkdir()
    subprocess.run(
        [sys.executable, __file__, "--reband", str(export), str(variants_dir)],
        env=env | {"PYTHONPATH": str(Path(__file__).resolve().parent.parent)}, check=True,
    )  # fmt: skip
    return {variant: score(world, variants_dir / f"{variant}.csv") for variant in variants()}


FIGURES = ("f1", "precision", "recall", "confirmed_precision", "review_share")


def print_table(worlds: dict[str, list[dict]]) -> None:
    """One row per variant and world: the figures with the default rules, then each variant's
    change from them."""
    print(
        "\n| switched | world | F1 | precision | recall | CONFIRMED precision | REVIEW share "
        "| wrong CONFIRMED rows |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for variant in variants():
        for world, runs in worlds.items():
            cells = []
            for figure in (*FIGURES, "wrong_confirmed"):
                values = [
                    run[variant][figure] - (run[DEFAULT][figure] if variant != DEFAULT else 0)
                    for run in runs
                ]
                mean = statistics.fmean(values)
                sign = "+" if variant != DEFAULT and mean > 0 else ""
                # Wrong rows are counted: whole numbers for one world, one decimal for a mean.
                digits = 3 if figure != "wrong_confirmed" else (1 if len(values) > 1 else 0)
                spread = f" ± {statistics.stdev(values):.{digits}f}" if len(values) > 1 else ""
                cells.append(f"{sign}{mean:.{digits}f}{spread}")
            print(f"| {variant} | {world} | " + " | ".join(cells) + " |")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--reband":
        reband(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=40_000)
    parser.add_argument("--seeds", type=int, nargs="*", default=list(range(1, 11)))
    parser.add_argument("--regions", type=Path, nargs="*", default=[])
    parser.add_argument("--scorer", type=Path, help="default: score.py beside each region")
    parser.add_argument("--as-of", default="2026-11-23")
    args = parser.parse_args()

    worlds: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        config_file = config_without_band_rules(Path(tmp))
        for folder in args.regions:
            with tempfile.TemporaryDirectory() as world_tmp:
                world_path = Path(world_tmp)
                files = accuracy._feed_files(folder, world_path / "data")
                world = {
                    "scorer": args.scorer or folder.parent / "score.py",
                    "truth": files["truth"],
                }
                result = measure(world, files, world_path, config_file)
            worlds[folder.name] = [result]
            print(json.dumps({"world": folder.name, **result}), flush=True)
        for seed in args.seeds:
            with tempfile.TemporaryDirectory() as world_tmp:
                world_path = Path(world_tmp)
                data = world_path / "data"
                accuracy.paramount(
                    accuracy._fresh_env(world_path), "synth", "--out", str(data),
                    "--households", str(args.households), "--seed", str(seed),
                    "--as-of", args.as_of,
                )  # fmt: skip
                files = {feed: data / name for feed, name in accuracy.FEED_FILES.items()}
                result = measure({"truth_dir": data / "truth"}, files, world_path, config_file)
            worlds.setdefault(f"own, {len(args.seeds)} seeds", []).append(result)
            print(json.dumps({"world": f"own seed {seed}", **result}), flush=True)
    print_table(worlds)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paramount.settings")
    main()
