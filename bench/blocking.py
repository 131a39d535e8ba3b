"""The blocking recall ceiling: how many true pairs the blocking rules let the model see at all.

    uv run paramount synth --out /tmp/s40 --households 40000 --seed 7 --as-of 2026-11-23
    uv run python bench/blocking.py --data /tmp/s40

A pair no blocking rule generates is never scored, whatever the model would have said, so the
share of true pairs the rules generate bounds recall from above. Two ceilings, from the
generator's ground truth:

- receptions: for each reception of a person some local service knows, whether any of that
  person's local records is generated as a candidate against it (per record and per reception);
- resolution: for each pair of local records of one person, whether the pair is generated.

Each rule is evaluated with the SQL Splink runs (DuckDB), on the true pairs only. Prints each
rule's share alone and the share of all rules together.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import duckdb
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from paramount.linkage import engine  # noqa: E402
from paramount.linkage.engine.model import blocking_rules, reception_blocking_rules  # noqa: E402


def read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def rule_conditions(rules=None) -> list[tuple[str, str]]:
    """(label, SQL condition) of each blocking rule; an exploded array rule becomes a
    list-overlap test, which is what exploding and joining amounts to."""
    conditions = []
    for rule in rules if rules is not None else blocking_rules():
        sql = rule.get_blocking_rule("duckdb").blocking_rule_sql
        sql = sql.replace(
            '(l."child_dobs" = r."child_dobs")', 'list_has_any(l."child_dobs", r."child_dobs")'
        )
        pairs = re.findall(r'l\.?"?(\w+)"?(?:, 1, 1\))? = (?:SUBSTRING\()?r\."?(\w+)', sql)
        label = " + ".join(left if left == right else f"{left}~{right}" for left, right in pairs)
        if "list_has_any" in sql:
            label = "a child's date of birth + " + (
                "first name (canonical)"
                if 'l."first_name_canon" = r."first_name_canon"' in sql
                else "first and surname initials"
            )
        elif 'l."dob" IS NULL' in sql:
            label += " (unless born apart)"
        conditions.append((label or sql[:60], sql))
    return conditions


def coverage(connection, pairs: pd.DataFrame, symmetric: bool, rules=None) -> pd.DataFrame:
    """One row per pair and one boolean column per rule: whether that rule generates the pair."""
    connection.register("pairs_input", pairs)
    columns = []
    for index, (_, sql) in enumerate(rule_conditions(rules)):
        flipped = sql.replace("l.", "__L__.").replace("r.", "l.").replace("__L__.", "r.")
        test = f"(({sql}) OR ({flipped}))" if symmetric else f"({sql})"
        columns.append(f"coalesce({test}, false) AS rule_{index}")
    frame = connection.execute(
        f"SELECT p.left_id, p.right_id, {', '.join(columns)} FROM pairs_input p "  # noqa: S608 - SQL from our own rules
        "JOIN left_table l ON l.unique_id = p.left_id JOIN right_table r ON r.unique_id = p.right_id"
    ).df()
    connection.unregister("pairs_input")
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, required=True, help="a folder written by paramount synth"
    )
    args = parser.parse_args()

    people = pd.DataFrame(read(args.data / "people.csv")).replace("", None)
    people.insert(0, "unique_id", people["source"] + ":" + people["record_id"])
    dob_of = dict(zip(people["unique_id"], people["date_of_birth"], strict=True))
    child_dobs: dict[str, list[str]] = defaultdict(list)
    for row in read(args.data / "relationships.csv"):
        dob = dob_of.get(f"{row['source']}:{row['child_record_id']}")
        if isinstance(dob, str) and dob:
            child_dobs[f"{row['source']}:{row['adult_record_id']}"].append(dob)
    people["child_dobs"] = [child_dobs.get(uid, []) for uid in people["unique_id"]]
    prepared = engine.prepare(people)

    movements = pd.DataFrame(read(args.data / "prison_movements.csv")).replace("", None)
    movements = movements[movements["movement_type"].isin(["RECEPTION", "RECALL"])].copy()
    movements.insert(0, "unique_id", movements["movement_id"])
    receptions = engine.prepare(movements)

    truth = args.data / "truth"
    person_of = {
        f"{r['source']}:{r['record_id']}": r["person_id"] for r in read(truth / "people_truth.csv")
    }
    records_of: dict[str, list[str]] = defaultdict(list)
    for uid, person in person_of.items():
        records_of[person].append(uid)
    moved = {r["movement_id"]: r["person_id"] for r in read(truth / "movements_truth.csv")}

    connection = duckdb.connect()
    connection.register("people_frame", prepared)
    connection.execute("CREATE TABLE people AS SELECT * FROM people_frame")
    connection.register("receptions_frame", receptions)
    connection.execute("CREATE TABLE receptions AS SELECT * FROM receptions_frame")
    labels = [label for label, _ in rule_conditions(reception_blocking_rules())]

    # Receptions: population on the left, receptions on the right, as predict_between has them.
    reception_pairs = pd.DataFrame(
        [
            (uid, movement)
            for movement in receptions["unique_id"]
            for uid in records_of.get(moved.get(movement, ""), [])
        ],
        columns=["left_id", "right_id"],
    )
    connection.execute("CREATE OR REPLACE VIEW left_table AS SELECT * FROM people")
    connection.execute("CREATE OR REPLACE VIEW right_table AS SELECT * FROM receptions")
    covered = coverage(
        connection, reception_pairs, symmetric=False, rules=reception_blocking_rules()
    )
    rule_columns = [c for c in covered if c.startswith("rule_")]
    covered["any"] = covered[rule_columns].any(axis=1)
    per_reception = covered.groupby("right_id")["any"].any()

    # Resolution: every pair of one person's records, either way round.
    dedupe_pairs = pd.DataFrame(
        [pair for records in records_of.values() for pair in combinations(sorted(records), 2)],
        columns=["left_id", "right_id"],
    )
    connection.execute("CREATE OR REPLACE VIEW left_table AS SELECT * FROM people")
    connection.execute("CREATE OR REPLACE VIEW right_table AS SELECT * FROM people")
    dedupe = coverage(connection, dedupe_pairs, symmetric=True)
    dedupe_columns = [c for c in dedupe if c.startswith("rule_")]
    dedupe["any"] = dedupe[dedupe_columns].any(axis=1)

    print(f"data: {args.data} — {len(prepared):,} people rows, {len(receptions):,} receptions")
    print(f"{'rule':<62} {'receptions':>11} {'resolution':>11}")
    for column, label in zip(rule_columns, labels, strict=True):
        resolution = f"{dedupe[column].mean():>11.3f}" if column in dedupe else f"{'–':>11}"
        print(f"{label:<62} {covered[column].mean():>11.3f} {resolution}")
    print(
        f"{'all rules (the ceiling), per record pair':<62} {covered['any'].mean():>11.3f} {dedupe['any'].mean():>11.3f}"
    )
    print(
        f"receptions of a locally known person with at least one record generated: "
        f"{per_reception.mean():.3f} ({int(per_reception.sum())} of {len(per_reception)})"
    )
    print(f"true record pairs: {len(covered):,} reception pairs, {len(dedupe):,} resolution pairs")


if __name__ == "__main__":
    main()
