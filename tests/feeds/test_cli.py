"""The command-line contract, run as a real process: exit codes, --json, rejection on stderr."""

import json
import os
import subprocess
import sys

import pytest

from .conftest import PEOPLE_HEADER, person_row


@pytest.fixture
def cli(tmp_path):
    env = os.environ | {"PARAMOUNT_HOME": str(tmp_path / "home")}
    env.pop("PARAMOUNT_DATABASE_URL", None)  # a throwaway SQLite database of its own

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "paramount.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert run("migrate", "-v0").returncode == 0
    return run


def test_ingest_json_prints_exactly_one_object_with_counts_that_add_up(cli, write_csv):
    path = write_csv(
        PEOPLE_HEADER + person_row("C1") + person_row("C2", first="") + person_row("C3", sex="Q")
    )
    result = cli("ingest", "people", str(path), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload == {
        "feed": "people", "file": str(path), "rows": 3, "new": 2, "updated": 0, "unchanged": 0,
        "quarantined": 1, "warnings": 1,
    }  # fmt: skip
    again = json.loads(cli("ingest", "people", str(path), "--json").stdout)
    assert (again["new"], again["unchanged"], again["quarantined"]) == (0, 2, 1)


def test_human_summary_says_where_to_see_the_reasons(cli, write_csv):
    path = write_csv(PEOPLE_HEADER + person_row("C1", dob="2023-02-30", first=""))
    result = cli("ingest", "people", str(path))
    assert result.returncode == 0
    assert "1 quarantined" in result.stdout
    assert "paramount feeds quarantine --batch" in result.stdout
    listing = cli("feeds", "quarantine")
    assert "row 2: first_name is missing" in listing.stdout


def test_rejected_file_exits_2_with_the_reason_on_stderr(cli, write_csv):
    path = write_csv("source,first_name\nS,Ada\n")
    result = cli("ingest", "people", str(path))
    assert result.returncode == 2
    assert "record_id" in result.stderr and "nothing ingested" in result.stderr
    assert result.stdout == ""


def test_rejected_file_with_json_prints_the_rejection_object(cli, write_csv):
    path = write_csv(b"\xff\xfe\x00garbage")
    result = cli("ingest", "prison-movements", str(path), "--json")
    assert result.returncode == 2
    payload = json.loads(result.stdout)
    assert set(payload) == {"feed", "file", "rejected"}
    assert payload["feed"] == "prison_movements" and "UTF-8" in payload["rejected"]


def test_identify_and_export_on_an_empty_database(cli, tmp_path):
    assert "0 receptions processed" in cli("identify").stdout
    out = tmp_path / "ids.csv"
    assert cli("export", "identifications", "--out", str(out)).returncode == 0
    assert out.read_text().startswith(
        "identification_id,movement_id,prison_number,reception_date,child_key,"
    )
