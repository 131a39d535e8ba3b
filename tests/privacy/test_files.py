"""Files that hold personal data are readable by the service account only (issue 15, finding 8):
the process umask, the exports, the demo region, the linkage cache's folder and the SQLite
database. Every name here is made up."""

import os
import stat
import subprocess
import sys
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from paramount import cli
from paramount.files import PRIVATE_UMASK, open_private, private_directory, sqlite_files_private
from paramount.linkage import services as linkage
from paramount.synth.generator import generate


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    """The umask a shell commonly has (group and others may read): what the old code relied on."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_console_script_sets_a_private_umask_before_django_runs(monkeypatch):
    seen = {}

    def record(argv):
        current = os.umask(0)
        os.umask(current)
        seen["umask"] = current

    monkeypatch.setattr("django.core.management.execute_from_command_line", record)
    old = os.umask(0o022)
    try:
        cli.main(["check"])
    finally:
        os.umask(old)
    assert seen["umask"] == PRIVATE_UMASK


@pytest.mark.django_db
def test_a_subject_access_export_is_written_0600(identifications, tmp_path, open_umask):
    child = identifications.build(child_first_name="Ottoline", child_last_name="Hushwell")
    out = tmp_path / "sar.json"
    call_command("privacy", "sar", "--person-key", child.child_key, "--out", str(out))
    assert "Ottoline" in out.read_text(encoding="utf-8")
    assert mode(out) == 0o600


@pytest.mark.django_db
def test_the_identifications_export_is_written_0600_even_over_an_older_file(
    identifications, tmp_path, open_umask
):
    identifications.build(child_first_name="Perpetua", child_last_name="Openshaw")
    out = tmp_path / "identifications.csv"
    out.write_text("an older export\n")
    out.chmod(0o644)
    call_command("export", "identifications", "--out", str(out))
    assert "Perpetua" in out.read_text(encoding="utf-8")
    assert mode(out) == 0o600


def test_the_generated_region_is_private(tmp_path, open_umask):
    region = tmp_path / "demo"
    generate(region, households=5, seed=3, as_of=date(2026, 11, 23))
    for path in region.rglob("*"):
        if path.name == "README.md":
            continue
        expected = 0o700 if path.is_dir() else 0o600
        assert mode(path) == expected, path
    assert mode(region) == 0o700


def test_the_linkage_cache_folder_is_private_and_purged(tmp_path, settings, open_umask):
    settings.PARAMOUNT_HOME = tmp_path / "home"
    folder = linkage._cache_dir()
    assert mode(folder) == 0o700
    (folder / "population-1-abc.parquet").write_bytes(b"names")
    (folder / ".population-1-def.parquet.partial").write_bytes(b"names")
    assert linkage.population_cache_purge() == 2
    assert list(folder.iterdir()) == []


def test_a_private_directory_is_made_0700_and_an_existing_one_narrowed(tmp_path, open_umask):
    existing = tmp_path / "home"
    existing.mkdir(mode=0o755)
    existing.chmod(0o755)
    assert mode(private_directory(existing)) == 0o700
    assert mode(private_directory(tmp_path / "new" / "deeper")) == 0o700


def test_open_private_narrows_a_file_that_was_readable(tmp_path, open_umask):
    path = tmp_path / "out.txt"
    path.write_text("old")
    path.chmod(0o644)
    with open_private(path, "w", encoding="utf-8") as handle:
        handle.write("new")
    assert path.read_text() == "new" and mode(path) == 0o600


def test_paramount_home_is_made_private_when_the_settings_load(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o755)
    env = {
        **os.environ,
        "PARAMOUNT_HOME": str(home),
        "DJANGO_SETTINGS_MODULE": "paramount.settings",
    }
    env.pop("PARAMOUNT_DATABASE_URL", None)
    subprocess.run([sys.executable, "-c", "import paramount.settings"], env=env, check=True)
    assert mode(home) == 0o700


def test_an_sqlite_database_and_its_log_are_made_private(tmp_path, open_umask):
    database = tmp_path / "paramount.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"paramount.sqlite3{suffix}").write_bytes(b"")
        (tmp_path / f"paramount.sqlite3{suffix}").chmod(0o644)
    sqlite_files_private(database)
    for suffix in ("", "-wal", "-shm"):
        assert mode(tmp_path / f"paramount.sqlite3{suffix}") == 0o600


def test_opening_an_sqlite_database_makes_its_files_private(
    tmp_path, open_umask, django_db_blocker
):
    from django.db.backends.sqlite3.base import DatabaseWrapper

    path = tmp_path / "other.sqlite3"
    wrapper = DatabaseWrapper(
        {**connection.settings_dict, "ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
        | {"OPTIONS": {}, "TEST": {}},
        alias="files-test",
    )
    with django_db_blocker.unblock():
        try:
            wrapper.ensure_connection()
            with wrapper.cursor() as cursor:
                cursor.execute("CREATE TABLE t (name TEXT)")
        finally:
            wrapper.close()
    assert mode(path) == 0o600


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="an SQLite setting")
def test_sqlite_overwrites_what_is_deleted():
    # Asked for on every connection: some builds of SQLite have it on by default, not all.
    assert "PRAGMA secure_delete=ON" in connection.settings_dict["OPTIONS"]["init_command"]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
