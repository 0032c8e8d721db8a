"""Backups taken while the system writes, restored into a fresh database and verified there; damaged backups and
occupied targets refused. Runs on SQLite and on PostgreSQL alike."""

import contextlib
import io
import json
import os
import re
import secrets
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from qauipsiz.core.models import Organisation
from qauipsiz.ledger import backup as backup_module
from qauipsiz.ledger import services as ledger
from qauipsiz.ledger.backup import heads_sql
from qauipsiz.ledger.models import LedgerEntry
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def database_url(name: str | None = None) -> str:
    """The test database's URL, or that of another database `name` on the same server (a file path on SQLite)."""
    settings = connection.settings_dict
    name = name or settings["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    host = quote(settings["HOST"] or "localhost", safe="")
    password = quote(settings["PASSWORD"] or "", safe="")
    return f"postgres://{quote(settings['USER'])}:{password}@{host}:{settings['PORT'] or 5432}/{name}"


def pg_connect(dbname: str, **kwargs):
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(host=settings["HOST"] or "localhost", port=settings["PORT"] or 5432, user=settings["USER"],
                           password=settings["PASSWORD"], dbname=dbname, **kwargs)


def run_qauipsiz(*args: str, url: str, data_dir: Path) -> subprocess.CompletedProcess:
    """The command as an operator runs it, in its own process, against the database at `url`."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "tests.settings",
           "QAUIPSIZ_DATA_DIR": str(data_dir), "LANGUAGE_CODE": "en"}
    return subprocess.run([sys.executable, "-m", "qauipsiz.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


class FreshDatabase:
    """An empty database beside the test database: a new file on SQLite, a new database on the same PostgreSQL."""

    def __init__(self, tmp_path: Path):
        self.path = tmp_path / "restored.sqlite3"
        self.name = f"qauipsiz_restore_{secrets.token_hex(4)}"
        self.url = database_url(str(self.path) if connection.vendor == "sqlite" else self.name)

    def create(self):
        if connection.vendor == "postgresql":
            with pg_connect("postgres", autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        if connection.vendor == "postgresql":
            with pg_connect("postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql: str) -> list[tuple]:
        if connection.vendor == "sqlite":
            if not self.path.exists():
                return []
            with contextlib.closing(sqlite3.connect(self.path)) as db:
                return db.execute(sql).fetchall()
        with pg_connect(self.name) as db:
            return db.execute(sql).fetchall()

    def tables(self) -> list[str]:
        if connection.vendor == "sqlite":
            return [name for (name,) in self.query("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return [name for (name,) in self.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]

    def heads(self) -> list[dict]:
        return [{"organisation_id": org, "bin": bin_, "seq": seq, "entry_hash": entry_hash}
                for org, bin_, seq, entry_hash in self.query(heads_sql())]


@pytest.fixture
def fresh_database(tmp_path):
    database = FreshDatabase(tmp_path)
    database.create()
    yield database
    database.drop()


class Writer(threading.Thread):
    """Appends ledger entries, one transaction each, until stopped: the load a backup must be consistent under."""

    def __init__(self, organisation_id: int):
        super().__init__(daemon=True)
        self.organisation_id = organisation_id
        self.committed: list[int] = []
        self.stopping = threading.Event()
        self.error: Exception | None = None

    def run(self):
        try:
            n = 0
            while not self.stopping.is_set():
                with transaction.atomic():
                    entry = ledger.append(organisation_id=self.organisation_id, by=None, action="test.backup",
                                          content={"n": n})
                self.committed.append(entry.seq)
                n += 1
        except Exception as error:  # noqa: BLE001 - reported by the test
            self.error = error
        finally:
            connection.close()

    def wait_for(self, count: int, timeout: float = 30):
        deadline = time.monotonic() + timeout
        while len(self.committed) < count and self.error is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert self.error is None, self.error
        assert len(self.committed) >= count, f"the writer committed only {len(self.committed)} entries"


def only_backup(directory: Path) -> Path:
    entries = list(directory.iterdir())
    assert len(entries) == 1, entries
    return entries[0]


def manifest_of(backup: Path) -> dict:
    return json.loads((backup / "manifest.json").read_text())


def current_heads() -> list[dict]:
    with connection.cursor() as cursor:
        return backup_module.read_heads(cursor)


def take_backup(tmp_path: Path) -> Path:
    call_command("backup", output=str(tmp_path / "backups"), stdout=io.StringIO())
    return only_backup(tmp_path / "backups")


def test_a_backup_taken_under_load_restores_into_a_fresh_database_and_verifies(tmp_path, fresh_database):
    busy, quiet = f.organisation("Busy refinery"), f.organisation("Quiet mine")
    writer = Writer(busy.pk)
    writer.start()
    try:
        writer.wait_for(20)
        before = max(writer.committed)
        taken = run_qauipsiz("backup", "--output", str(tmp_path / "backups"), url=database_url(), data_dir=tmp_path)
        during = len(writer.committed)
        writer.wait_for(during + 20)  # still writing after the backup finished
    finally:
        writer.stopping.set()
        writer.join(timeout=60)
    assert writer.error is None, writer.error
    assert taken.returncode == 0, taken.stdout + taken.stderr
    backup = only_backup(tmp_path / "backups")
    assert re.fullmatch(r"qauipsiz-\d{8}-\d{6}", backup.name)

    heads = {head["organisation_id"]: head for head in manifest_of(backup)["ledger_heads"]}
    # The snapshot fell in the middle of the writing: after entries committed before the backup started, before the
    # last ones.
    assert before < heads[busy.pk]["seq"] < max(writer.committed)
    assert heads[quiet.pk]["bin"] == quiet.bin

    restored = run_qauipsiz("restore", str(backup), url=fresh_database.url, data_dir=tmp_path)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "The ledger heads match the manifest: 2 organisations." in restored.stdout
    assert f"OK organisation {busy.pk} (BIN {busy.bin}): {heads[busy.pk]['seq']} entries" in restored.stdout
    # Checked again from outside: the restored database ends exactly where the manifest says.
    assert fresh_database.heads() == manifest_of(backup)["ledger_heads"]
    counts = dict(fresh_database.query("SELECT organisation_id, COUNT(*) FROM ledger_ledgerentry GROUP BY 1"))
    assert counts == {org: head["seq"] for org, head in heads.items()}


def test_the_manifest_lists_the_files_migrations_and_ledger_heads(tmp_path):
    first, second = f.organisation("First"), f.organisation("Second")
    with transaction.atomic():
        ledger.append(organisation_id=second.pk, by=None, action="test.backup", content={"n": 1})
    backup = take_backup(tmp_path)
    manifest = manifest_of(backup)

    assert manifest["format"] == "qauipsiz-backup" and manifest["format_version"] == 1
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["versions"]["django"] and manifest["versions"]["qauipsiz"]
    assert "ledger.0002_append_only_triggers" in manifest["migrations"]
    assert manifest["ledger_heads"] == current_heads()
    assert {(head["organisation_id"], head["bin"]) for head in manifest["ledger_heads"]} == {
        (first.pk, first.bin), (second.pk, second.bin)}
    assert sorted(path.name for path in backup.iterdir()) == sorted(
        ["manifest.json", *(item["name"] for item in manifest["files"])])
    for item in manifest["files"]:
        assert (item["size"], item["sha256"]) == backup_module.file_digest(backup / item["name"])


def test_a_damaged_backup_is_refused_and_nothing_is_restored(tmp_path, fresh_database):
    f.organisation()
    backup = take_backup(tmp_path)
    database_file = backup / manifest_of(backup)["files"][0]["name"]
    data = bytearray(database_file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database_file.write_bytes(bytes(data))

    refused = run_qauipsiz("restore", str(backup), url=fresh_database.url, data_dir=tmp_path)
    assert refused.returncode != 0
    assert "does not match its size and SHA-256 checksum" in refused.stderr
    assert fresh_database.tables() == []


def test_a_restore_whose_ledger_heads_differ_from_the_manifest_fails(tmp_path, fresh_database):
    org = f.organisation()
    backup = take_backup(tmp_path)
    manifest = manifest_of(backup)
    # As if entries had been cut from the end of the copy: the manifest expects one entry more than there is.
    [head] = manifest["ledger_heads"]
    head["seq"] += 1
    (backup / "manifest.json").write_text(json.dumps(manifest))

    restored = run_qauipsiz("restore", str(backup), url=fresh_database.url, data_dir=tmp_path)
    assert restored.returncode != 0
    assert "The ledger heads differ from the manifest:" in restored.stdout
    assert f"organisation {org.pk} (BIN {org.bin}): manifest #{head['seq']}" in restored.stdout
    assert "does not pass the checks above" in restored.stderr


def test_a_restore_into_a_database_with_tables_is_refused(tmp_path):
    org = f.organisation()
    backup = take_backup(tmp_path)
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(backup))
    assert Organisation.objects.filter(pk=org.pk).exists()
    assert LedgerEntry.objects.filter(organisation=org).exists()


def test_a_backup_of_another_vendor_a_newer_version_or_without_a_manifest_is_refused(tmp_path):
    f.organisation()
    backup = take_backup(tmp_path)
    manifest = manifest_of(backup)
    manifest["database"]["vendor"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    (backup / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="is a backup of a (SQLite|PostgreSQL) database"):
        call_command("restore", str(backup))

    manifest["database"]["vendor"] = connection.vendor
    manifest["migrations"].append("ledger.9999_from_the_future")
    (backup / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="made by a newer Qauipsiz"):
        call_command("restore", str(backup))

    (backup / "manifest.json").unlink()
    with pytest.raises(CommandError, match="it is not a complete backup"):
        call_command("restore", str(backup))


def test_a_failed_backup_leaves_nothing_behind(tmp_path, monkeypatch):
    f.organisation()

    def fail(directory, manifest):
        raise OSError("disk full")

    monkeypatch.setattr(backup_module, "write_manifest", fail)
    with pytest.raises(CommandError, match="disk full"):
        call_command("backup", output=str(tmp_path / "backups"))
    assert list((tmp_path / "backups").iterdir()) == []


def test_permit_attachments_are_backed_up_and_restored_with_the_database(tmp_path, settings):
    """344 cl.4, cl.8: the attached plans and agreements are part of the record, so part of the backup."""
    from qauipsiz.ledger import backup as backup_module

    settings.MEDIA_ROOT = str(tmp_path / "media")
    stored = tmp_path / "media" / "permits" / "1" / "ab" / "ab12"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"%PDF-1.7 plan of the area")
    directory, manifest = backup_module.create_backup(tmp_path / "backups")
    assert backup_module.MEDIA_FILE in [item["name"] for item in manifest["files"]]
    settings.MEDIA_ROOT = str(tmp_path / "restored-media")
    backup_module.check_files(directory, manifest)
    backup_module._restore_media(directory, manifest)
    assert (tmp_path / "restored-media" / "permits" / "1" / "ab" / "ab12").read_bytes() == b"%PDF-1.7 plan of the area"


def test_every_file_of_a_backup_is_the_owners_alone_whatever_the_umask(tmp_path, settings):
    """A backup holds everything, password hashes included: 0600 files in a 0700 folder, even under umask 000."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    stored = tmp_path / "media" / "permits" / "1" / "plan.pdf"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"%PDF-1.7 plan of the area")
    previous = os.umask(0)
    try:
        directory, manifest = backup_module.create_backup(tmp_path / "backups")
    finally:
        os.umask(previous)
    names = {path.name for path in directory.iterdir()}
    assert {backup_module.MEDIA_FILE, "manifest.json"} <= names and len(names) == len(manifest["files"]) + 1
    modes = {path.name: oct(path.stat().st_mode & 0o777) for path in directory.iterdir()}
    assert set(modes.values()) == {"0o600"}, modes
    assert oct(directory.stat().st_mode & 0o777) == "0o700"
    assert oct((tmp_path / "backups").stat().st_mode & 0o777) == "0o700"
