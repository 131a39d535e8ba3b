"""Issue 15, "Done when": after ``paramount privacy retention --today <years ahead> --apply``, no
file under PARAMOUNT_HOME and no table holds a name of a person whose retention has run out,
and no file holding personal data is readable by other users of the machine.

Run as an operator would: a generated region (every surname given a made-up ending that no
real word, staff name or fixed text has, so finding the ending anywhere means a generated
person's name is still there) goes through the demo as processes of their own, under their own
PARAMOUNT_HOME and database (SQLite in that folder, or a new PostgreSQL database when the tests
run on PostgreSQL): ingested, identified, families walked through every stage, support cases
made. Then retention ten years ahead, and every text column of every table and every byte of
every file under PARAMOUNT_HOME (the SQLite database and its log included) is searched.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings

from paramount.files import open_private
from paramount.synth.generator import generate

pytestmark = pytest.mark.slow

HOUSEHOLDS = 12_000
SEED = 7
# Appended to every generated surname: found anywhere, a generated person's name is there.
ENDING = "vorqz"
ROOT = Path(__file__).resolve().parents[2]


def _distinctive_surnames(region: Path) -> None:
    """Give every surname in the feeds the made-up ending (so every record of a person still
    agrees with the others), and drop the aliases, which repeat the names."""
    for name, columns in (
        ("people.csv", ("last_name", "previous_last_names")),
        ("prison_movements.csv", ("last_name",)),
    ):
        path = region / name
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header, rows = reader.fieldnames, list(reader)
        for row in rows:
            for column in columns:
                row[column] = re.sub(r"[A-Za-z]+", lambda m: m.group(0) + ENDING, row[column])
            if "aliases" in row:
                row["aliases"] = ""
        with open_private(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def _postgres_database(worker: str):
    """A new PostgreSQL database beside the test database, or None on SQLite."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return None
    import psycopg

    name = f"{database['NAME']}_e2e_{worker}_{os.getpid()}"[:60]
    params = {
        "host": database["HOST"] or "127.0.0.1",
        "port": database["PORT"] or 5432,
        "user": database["USER"],
        "password": database["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return name, params


def _postgres_drop(name, params) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _paramount(home: Path, database_url: str | None, *args: str) -> str:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in ("PARAMOUNT_ENCRYPTION_KEYS", "PARAMOUNT_ERASURE_KEYS", "DJANGO_SETTINGS_MODULE")
    }
    env["PARAMOUNT_HOME"] = str(home)
    env.pop("PARAMOUNT_DATABASE_URL", None)
    if database_url:
        env["PARAMOUNT_DATABASE_URL"] = database_url
    done = subprocess.run(
        [sys.executable, "-m", "paramount.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _rows_holding_the_ending(home: Path, postgres) -> list[str]:
    """Every (table, column) whose text holds a generated surname."""
    found = []
    if postgres is None:
        connection = sqlite3.connect(home / "paramount.sqlite3")
        try:
            tables = [
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            for table in tables:
                cursor = connection.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the catalogue
                columns = [d[0] for d in cursor.description]
                for row in cursor:
                    for column, value in zip(columns, row, strict=True):
                        if isinstance(value, str | bytes) and ENDING in str(value).lower():
                            found.append(f"{table}.{column}")
        finally:
            connection.close()
        return sorted(set(found))
    import psycopg

    name, params = postgres
    with psycopg.connect(dbname=name, **params) as connection:
        columns = connection.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN "
            "('text', 'character varying', 'json', 'jsonb')"
        ).fetchall()
        for table, column in columns:
            hits = connection.execute(
                f'SELECT count(*) FROM "{table}" WHERE lower("{column}"::text) LIKE %s',  # noqa: S608 - names from the catalogue
                [f"%{ENDING}%"],
            ).fetchone()[0]
            if hits:
                found.append(f"{table}.{column}")
    return sorted(set(found))


def _files_holding_the_ending(home: Path) -> list[str]:
    found = []
    for path in sorted(home.rglob("*")):
        if not path.is_file():
            continue
        content = path.read_bytes()
        if path.suffix == ".parquet" or b"PAR1" in content[:4]:
            import pyarrow.parquet

            content = str(pyarrow.parquet.read_table(path).to_pylist()).encode()
        if ENDING.encode() in content.lower():
            found.append(str(path.relative_to(home)))
    return found


def _readable_by_others(home: Path) -> list[str]:
    return [
        f"{path.relative_to(home) if path != home else '.'} {stat.filemode(path.stat().st_mode)}"
        for path in [home, *sorted(home.rglob("*"))]
        if stat.S_IMODE(path.stat().st_mode) & 0o077
    ]


def test_after_retention_years_ahead_no_name_is_left_and_no_file_is_open_to_others(
    tmp_path, worker_id
):
    home = tmp_path / "home"
    region = home / "demo"
    generate(region, households=HOUSEHOLDS, seed=SEED, as_of=date.today())
    _distinctive_surnames(region)
    # The demo reuses a region it finds with its own marker.
    (region / "demo.json").write_text(json.dumps({"households": HOUSEHOLDS, "seed": SEED}))
    postgres = _postgres_database(worker_id)
    database_url = None
    if postgres is not None:
        name, params = postgres
        database_url = f"postgres://{params['user']}@{params['host']}:{params['port']}/{name}"
    try:
        out = _paramount(
            home,
            database_url,
            "demo",
            "--no-serve",
            "--households",
            str(HOUSEHOLDS),
            "--seed",
            str(SEED),
        )
        assert "Reusing the generated region" in out
        assert re.search(r"\d+ walked through the flow", out), out
        assert re.search(r"\d+ supported", out), out
        # The search sees the names before retention: in the tables and in the files.
        assert "feeds_personrecord.last_name" in _rows_holding_the_ending(home, postgres)
        before = _files_holding_the_ending(home)
        assert any(p.startswith("linkage/population-") for p in before), before
        assert "demo/people.csv" in before

        today = date.today() + timedelta(days=3650)
        out = _paramount(
            home, database_url, "privacy", "retention", "--today", today.isoformat(), "--apply"
        )

        assert _rows_holding_the_ending(home, postgres) == []
        assert _files_holding_the_ending(home) == []
        assert _readable_by_others(home) == []
        # Cases left open were closed by the backstop, and anonymised with the rest.
        assert "families.Family [open_case_backstop]" in out
        if postgres is None:
            # The log SQLite keeps beside the database is emptied, not left holding old pages.
            wal = home / "paramount.sqlite3-wal"
            assert not wal.exists() or wal.stat().st_size == 0
    finally:
        if postgres is not None:
            _postgres_drop(*postgres)
