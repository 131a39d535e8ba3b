"""Speed and memory at regional scale, through the command-line contract.

    uv run paramount synth --out /tmp/big --households 275000 --seed 21 --as-of 2026-11-23
    uv run python bench/scale.py --data /tmp/big

Runs, each as its own process on a fresh SQLite database (or PARAMOUNT_DATABASE_URL if set):
ingest of the people, relationships and prison-movements files; the first `identify` (train,
resolve every local record, match every reception); the next day's receptions (30 new
receptions ingested and identified against the resolved population); a full re-resolution
(`paramount linkage resolve`). Each step prints wall time and peak resident memory (GNU time's
maximum RSS of that process), the ratio to its target, and the export is scored against the
ground truth.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from paramount.linkage.evaluation import score_export  # noqa: E402

TARGETS = {  # seconds, from issue 3
    "ingest people": 120,
    "identify (first)": 120,
    "next day: ingest + identify": 10,
}
MEMORY_TARGET_MB = 6 * 1024


def timed(env: dict, *args: str) -> tuple[float, float, str]:
    """Run ``paramount ARGS`` under GNU time; return (seconds, peak MB, stdout)."""
    command = ["/usr/bin/time", "-f", "%e %M", sys.executable, "-m", "paramount.cli", *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"paramount {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    seconds, kilobytes = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kilobytes) / 1024, result.stdout


def next_day_file(data: Path, out: Path, count: int = 30) -> Path:
    """``count`` new receptions for the day after the data's last movement: people already in
    the file received again under new movement ids (a realistic mix of local and not)."""
    with open(data / "prison_movements.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    receptions = [r for r in rows if r["movement_type"] in ("RECEPTION", "RECALL")][-count:]
    last = max(r["movement_date"] for r in rows)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in receptions:
            writer.writerow(
                row | {"movement_id": "NEXT-" + row["movement_id"], "movement_date": last}
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, required=True, help="a folder written by paramount synth"
    )
    parser.add_argument(
        "--home", type=Path, help="PARAMOUNT_HOME to use (default: a temporary folder)"
    )
    args = parser.parse_args()

    home = args.home or Path(tempfile.mkdtemp(prefix="paramount-scale-"))
    env = os.environ | {"PARAMOUNT_HOME": str(home), "DJANGO_SETTINGS_MODULE": "paramount.settings"}
    timed(env, "migrate", "-v0")
    with open(args.data / "people.csv", encoding="utf-8") as handle:
        people_rows = sum(1 for _ in handle) - 1
    steps: dict[str, tuple[float, float]] = {}
    for feed, name in (
        ("people", "people.csv"),
        ("relationships", "relationships.csv"),
        ("prison-movements", "prison_movements.csv"),
    ):
        seconds, peak, out = timed(env, "ingest", feed, str(args.data / name), "--json")
        steps[f"ingest {feed}"] = (seconds, peak)
        print(f"ingest {feed}: {out.strip()}", flush=True)
    seconds, peak, out = timed(env, "identify", "--quiet")
    steps["identify (first)"] = (seconds, peak)
    print(f"identify (first): {out.strip()}", flush=True)

    export = home / "identifications.csv"
    timed(env, "export", "identifications", "--out", str(export))
    score = score_export(export, args.data / "truth")

    extra = next_day_file(args.data, home / "next_day.csv")
    ingest_seconds, ingest_peak, _ = timed(env, "ingest", "prison-movements", str(extra), "--json")
    identify_seconds, identify_peak, out = timed(env, "identify", "--quiet")
    steps["next day: ingest + identify"] = (
        ingest_seconds + identify_seconds,
        max(ingest_peak, identify_peak),
    )
    print(f"next day: {out.strip()}", flush=True)

    seconds, peak, out = timed(env, "linkage", "resolve")
    steps["full re-resolution"] = (seconds, peak)
    print(f"re-resolution: {out.strip()}", flush=True)

    print(
        f"\nPeople rows: {people_rows:,}; database: {os.environ.get('PARAMOUNT_DATABASE_URL', 'SQLite in ' + str(home))}"
    )
    print(f"{'step':<30} {'seconds':>8} {'target':>7} {'ratio':>6} {'peak MB':>8}")
    for name, (seconds, peak) in steps.items():
        target = TARGETS.get(name)
        ratio = f"{seconds / target:.2f}" if target else "-"
        print(f"{name:<30} {seconds:>8.1f} {target or '-':>7} {ratio:>6} {peak:>8.0f}")
    worst = max(peak for _, peak in steps.values())
    print(
        f"peak memory of any step: {worst:.0f} MB ({worst / MEMORY_TARGET_MB:.2f} of the 6 GB target)"
    )
    print(f"accuracy: {score.summary()}")
    print(json.dumps({"people_rows": people_rows, "steps": steps, "f1": round(score.f1, 3),
                      "confirmed_precision": round(score.confirmed_precision, 3)}))  # fmt: skip


if __name__ == "__main__":
    main()
