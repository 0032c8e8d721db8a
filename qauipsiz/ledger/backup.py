"""Backup copies of the whole database, taken while the system runs, and their restoration (315 cl.24-25).

A backup is a directory named after its local time (TIME_ZONE, Asia/Almaty by default), e.g.
`qauipsiz-20261122-093015/`, holding the database and `manifest.json`:

- SQLite: `qauipsiz.sqlite3`, a copy made with SQLite's online backup API (one step, so one read transaction: a
  consistent snapshot while writers keep committing to the WAL), switched to a self-contained rollback journal;
- PostgreSQL: `qauipsiz.dump`, `pg_dump --format=custom` run on a snapshot exported from our own REPEATABLE READ
  transaction.

The manifest records the format, the time, the database vendor, the versions, the applied migrations, each file's
size and SHA-256, and each organisation's ledger head. The heads and migrations are read in the same snapshot as the
data: from the copy itself on SQLite, inside the transaction whose snapshot pg_dump uses on PostgreSQL. So after a
restore the heads must come out exactly as the manifest says, and `verify` must pass.

The backup is assembled in a hidden `.qauipsiz-partial-*` directory beside its final place, the manifest written
last, everything fsynced, then renamed in one step: a directory with a `qauipsiz-` name and a manifest is complete;
anything an interrupted run leaves behind is hidden, has no manifest, and `restore` refuses it.
"""

from __future__ import annotations

import contextlib
import datetime
import glob
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import django
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz.core.models import Organisation

from .models import ChainHead

FORMAT = "qauipsiz-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "qauipsiz.sqlite3"
POSTGRESQL_FILE = "qauipsiz.dump"
DATABASE_FILE = {"sqlite": SQLITE_FILE, "postgresql": POSTGRESQL_FILE}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
NAME_FORMAT = "qauipsiz-%Y%m%d-%H%M%S"
PARTIAL_PREFIX = ".qauipsiz-partial-"
# Uploaded files (permit attachments, 344 cl.4, cl.8), archived after the database snapshot: they are stored under
# their content hash and never change, so every file the snapshot refers to is in the archive.
MEDIA_FILE = "media.tar"
CHUNK = 1024 * 1024

# libpq connection keywords Django may hold (NAME, HOST, ... and OPTIONS), and the variables pg_dump/pg_restore read
# them from: the password must never appear on a command line, where every local user can read it.
LIBPQ_ENVIRONMENT = {
    "host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD", "dbname": "PGDATABASE",
    "service": "PGSERVICE", "passfile": "PGPASSFILE", "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY", "sslcrl": "PGSSLCRL", "sslpassword": "PGSSLPASSWORD",
    "channel_binding": "PGCHANNELBINDING", "gssencmode": "PGGSSENCMODE", "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS", "options": "PGOPTIONS", "application_name": "PGAPPNAME",
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, already translated."""


@dataclass
class Snapshot:
    """What a vendor-specific backup produced: its files and what was read in the same snapshot as the data."""

    files: list[str]
    heads: list[dict]
    migrations: list[str]
    server_version: str
    tool: str


# --- Shared helpers -------------------------------------------------------------------------------------------------

def heads_sql() -> str:
    head, organisation = ChainHead._meta, Organisation._meta
    h_org, h_seq, h_hash = head.pk.column, head.get_field("seq").column, head.get_field("entry_hash").column
    o_id, o_bin = organisation.pk.column, organisation.get_field("bin").column
    # Plain SQL on a DB-API cursor, because on SQLite the heads are read from the copy, not through Django. Only
    # identifiers from the models go into it.
    return (f'SELECT h."{h_org}", o."{o_bin}", h."{h_seq}", h."{h_hash}" FROM "{head.db_table}" h '  # noqa: S608
            f'LEFT JOIN "{organisation.db_table}" o ON o."{o_id}" = h."{h_org}" ORDER BY 1')


def read_heads(cursor) -> list[dict]:
    cursor.execute(heads_sql())
    return [{"organisation_id": int(org), "bin": bin_, "seq": int(seq), "entry_hash": entry_hash}
            for org, bin_, seq, entry_hash in cursor.fetchall()]


def read_migrations(cursor) -> list[str]:
    cursor.execute('SELECT "app", "name" FROM "django_migrations" ORDER BY "app", "name"')
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def known_migrations() -> set[str]:
    """The migrations this version of Qauipsiz ships (its dependencies' included), as `app.name`.

    With the ones a squashed migration replaces: a database migrated before the squash lists those.
    """
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set()
    for (app, name), migration in loader.disk_migrations.items():
        known.add(f"{app}.{name}")
        known |= {f"{replaced_app}.{replaced}" for replaced_app, replaced in migration.replaces}
    return known


def file_digest(path: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def fsync_file(path: Path) -> None:
    with open(path, "rb") as stream:
        os.fsync(stream.fileno())


def fsync_dir(path: Path) -> None:
    # A rename or a new file is only durable once its directory is.
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def qauipsiz_version() -> str:
    try:
        return metadata.version("qauipsiz")
    except metadata.PackageNotFoundError:
        return "unknown"


def vendor_name(vendor: str) -> str:
    return VENDOR_NAMES.get(vendor, vendor)


# --- PostgreSQL tools -----------------------------------------------------------------------------------------------

def libpq_parameters(settings_dict: dict) -> dict[str, str]:
    """The connection as libpq keywords: Django's NAME, USER, ... and the libpq ones among its OPTIONS."""
    parameters = {
        "host": settings_dict.get("HOST"), "port": settings_dict.get("PORT"), "user": settings_dict.get("USER"),
        "password": settings_dict.get("PASSWORD"), "dbname": settings_dict.get("NAME"),
    }
    for key, value in (settings_dict.get("OPTIONS") or {}).items():
        if key in LIBPQ_ENVIRONMENT and isinstance(value, str | int):
            parameters[key] = value
    return {key: str(value) for key, value in parameters.items() if value not in (None, "")}


def libpq_environment(settings_dict: dict) -> dict[str, str]:
    """The process environment for pg_dump/pg_restore: ours over the inherited one, as libpq would combine them."""
    env = dict(os.environ)
    env.update({LIBPQ_ENVIRONMENT[key]: value for key, value in libpq_parameters(settings_dict).items()})
    return env


def _version_key(bindir: str) -> tuple[int, ...]:
    return tuple(int(part) for part in Path(bindir).parent.name.split(".") if part.isdigit()) or (0,)


def find_pg_tool(name: str) -> Path:
    """pg_dump or pg_restore: from $PG_BINDIR when set, else on PATH, else the newest /usr/lib/postgresql/*/bin.

    $PG_BINDIR comes first so that an operator can pick the version explicitly: pg_dump refuses servers newer than
    itself, and PATH may hold an older client.
    """
    candidates = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]) / name)
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    candidates += [Path(bindir) / name for bindir in
                   sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise BackupError(_("%(program)s was not found: install the PostgreSQL client programs (postgresql-client), "
                        "put them on PATH or set PG_BINDIR to their directory.") % {"program": name})


def run_tool(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - fixed programs, no shell
    except OSError as exc:
        raise BackupError(_("Cannot run %(program)s: %(error)s") % {"program": args[0], "error": exc}) from exc
    if result.returncode:
        output = (result.stderr or result.stdout).strip()
        raise BackupError(_("%(program)s failed with exit code %(code)s: %(output)s") % {
            "program": Path(args[0]).name, "code": result.returncode, "output": output})
    return result


# --- Backup -----------------------------------------------------------------------------------------------------------

def _sqlite_path(settings_dict: dict) -> Path:
    name = str(settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or "mode=memory" in name:
        raise BackupError(_("The configured SQLite database is in memory: there is no file to back up or restore."))
    return Path(name).resolve()


def _backup_sqlite(settings_dict: dict, work: Path) -> Snapshot:
    source_path = _sqlite_path(settings_dict)
    if not source_path.is_file():
        raise BackupError(_("There is no SQLite database at %(path)s.") % {"path": source_path})
    timeout = (settings_dict.get("OPTIONS") or {}).get("timeout", 20)
    source = copy = None
    try:
        # Read-only: the backup must never create, change or checkpoint the live database.
        source = sqlite3.connect(f"{source_path.as_uri()}?mode=ro", uri=True, timeout=timeout)
        os.close(_private_file(work / SQLITE_FILE))  # SQLite writes into the empty file, keeping its mode
        copy = sqlite3.connect(work / SQLITE_FILE)
        # pages=-1 (the default): the whole database in one step, inside one read transaction, hence a consistent
        # snapshot; in WAL mode writers keep committing meanwhile. Copying in several steps would restart on every
        # commit made by another connection.
        source.backup(copy)
        source.close()
        # The copy inherits WAL mode from the header; a rollback journal makes it one self-contained file.
        copy.execute("PRAGMA journal_mode=DELETE")
        check = copy.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(_("The copy of the database fails SQLite's check: %(result)s") % {"result": check})
        cursor = copy.cursor()
        heads, migrations = read_heads(cursor), read_migrations(cursor)
    except sqlite3.Error as exc:
        raise BackupError(_("SQLite could not back up the database: %(error)s") % {"error": exc}) from exc
    finally:
        for db in (source, copy):
            if db is not None:
                db.close()
    os.chmod(work / SQLITE_FILE, 0o600)
    return Snapshot(files=[SQLITE_FILE], heads=heads, migrations=migrations, server_version=sqlite3.sqlite_version,
                    tool=f"SQLite online backup API (SQLite {sqlite3.sqlite_version})")


def _backup_postgresql(settings_dict: dict, work: Path) -> Snapshot:
    import psycopg

    pg_dump = find_pg_tool("pg_dump")
    env = libpq_environment(settings_dict)
    target = work / POSTGRESQL_FILE
    try:
        with psycopg.connect(**libpq_parameters(settings_dict)) as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            with conn.cursor() as cursor:
                # The first statement fixes the transaction's snapshot; pg_dump adopts the same one, so the heads and
                # migrations read here describe exactly the data it dumps, whatever commits in between.
                cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
                snapshot, server_version = cursor.fetchone()
                heads, migrations = read_heads(cursor), read_migrations(cursor)
                # The exported snapshot only lives while this transaction is open: pg_dump runs inside it.
                run_tool([str(pg_dump), "--format=custom", f"--snapshot={snapshot}", f"--file={target}",
                          "--no-password"], env)
            conn.rollback()
    except psycopg.Error as exc:
        raise BackupError(_("PostgreSQL refused the backup: %(error)s") % {"error": exc}) from exc
    os.chmod(target, 0o600)
    # The archive must at least be readable by pg_restore before we call it a backup.
    run_tool([str(find_pg_tool("pg_restore")), "--list", str(target)], env)
    version = run_tool([str(pg_dump), "--version"], env).stdout.strip()
    return Snapshot(files=[POSTGRESQL_FILE], heads=heads, migrations=migrations, server_version=server_version,
                    tool=version)


def write_manifest(directory: Path, manifest: dict) -> None:
    path = directory / MANIFEST
    with os.fdopen(_private_file(path), "w", encoding="utf-8") as stream:
        json.dump(manifest, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        stream.flush()
        os.fsync(stream.fileno())


def _publish(work: Path, output: Path, created: datetime.datetime) -> Path:
    base = created.strftime(NAME_FORMAT)
    for attempt in range(100):
        final = output / (base if attempt == 0 else f"{base}-{attempt}")
        if final.exists():
            continue
        # One rename: the backup appears complete or not at all.
        os.rename(work, final)
        fsync_dir(output)
        return final
    raise BackupError(_("Too many backups named %(name)s in %(directory)s.") % {"name": base, "directory": output})


def _archive_media(work: Path) -> str | None:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir() or not any(path.is_file() for path in root.rglob("*")):
        return None
    with os.fdopen(_private_file(work / MEDIA_FILE), "wb") as stream, tarfile.open(fileobj=stream, mode="w") as archive:
        archive.add(root, arcname="media")
    return MEDIA_FILE


def _private_file(path: Path) -> int:
    """A new file only the owner may read or write (0600), whatever the process's umask: a backup holds everything,
    password hashes included. The mode is set on the open file, so it is never readable by others, not even briefly."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(fd, 0o600)
    return fd


def _restore_media(directory: Path, manifest: dict) -> None:
    if MEDIA_FILE not in [item["name"] for item in manifest["files"]]:
        return
    root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=root.parent if root.parent.is_dir() else None) as unpacked:
        with tarfile.open(directory / MEDIA_FILE) as archive:
            # The "data" filter refuses absolute paths, links out of the tree and device files in a crafted archive.
            archive.extractall(unpacked, filter="data")
        shutil.copytree(Path(unpacked) / "media", root, dirs_exist_ok=True)


def create_backup(output: Path | str | None = None, using: str = DEFAULT_DB_ALIAS) -> tuple[Path, dict]:
    """Back up the database while the system runs; return the backup's directory and its manifest."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DATABASE_FILE:
        raise BackupError(_("Backups of %(vendor)s databases are not supported.") % {"vendor": vendor})
    output = Path(output) if output else Path(settings.DATA_DIR) / "backups"
    created = timezone.localtime()
    try:
        # Backups hold everything, password hashes included: only the owner may read them.
        if not output.is_dir():
            output.mkdir(parents=True)
            os.chmod(output, 0o700)  # the umask would have its say over mkdir's mode
        work = Path(tempfile.mkdtemp(prefix=PARTIAL_PREFIX, dir=output))  # 0700 whatever the umask
    except OSError as exc:
        raise BackupError(_("Cannot write to %(directory)s: %(error)s") % {"directory": output, "error": exc}) from exc
    try:
        backup = _backup_sqlite if vendor == "sqlite" else _backup_postgresql
        snapshot = backup(connection.settings_dict, work)
        media = _archive_media(work)
        files = []
        for name in [*snapshot.files, *([media] if media else [])]:
            fsync_file(work / name)
            size, sha256 = file_digest(work / name)
            files.append({"name": name, "size": size, "sha256": sha256})
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": created.isoformat(timespec="seconds"),
            "database": {"vendor": vendor, "server_version": snapshot.server_version, "tool": snapshot.tool},
            "versions": {"qauipsiz": qauipsiz_version(), "django": django.get_version(),
                         "python": platform.python_version()},
            "migrations": snapshot.migrations,
            "files": files,
            "ledger_heads": snapshot.heads,
        }
        # Last, after every file is on disk: a manifest vouches for a complete backup.
        write_manifest(work, manifest)
        fsync_dir(work)
        final = _publish(work, output, created)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise BackupError(_("Cannot write the backup: %(error)s") % {"error": exc}) from exc
    except BaseException:
        # Ctrl-C and failures alike: no half-written backup stays behind.
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final, manifest


# --- Restore ----------------------------------------------------------------------------------------------------------

def load_manifest(path: Path | str) -> tuple[Path, dict]:
    """The backup directory (the manifest's path is accepted too) and its manifest, checked for form."""
    directory = Path(path)
    if directory.name == MANIFEST and directory.is_file():
        directory = directory.parent
    if not directory.is_dir():
        raise BackupError(_("%(path)s is not a backup directory.") % {"path": directory})
    if not (directory / MANIFEST).is_file():
        raise BackupError(_("%(path)s has no %(manifest)s: it is not a complete backup (an interrupted backup never "
                            "gets one).") % {"path": directory, "manifest": MANIFEST})
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(_("The manifest of %(path)s cannot be read: %(error)s") % {
            "path": directory, "error": exc}) from exc
    malformed = BackupError(_("The manifest of %(path)s is not a Qauipsiz backup manifest of a version this "
                              "Qauipsiz reads (format %(format)s, version %(version)s).") % {
        "path": directory, "format": FORMAT, "version": FORMAT_VERSION})
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise malformed
    if manifest.get("format_version") != FORMAT_VERSION:
        raise malformed
    try:
        for item in manifest["files"]:
            if not (isinstance(item["name"], str) and isinstance(item["size"], int) and isinstance(item["sha256"], str)):
                raise TypeError
        for head in manifest["ledger_heads"]:
            int(head["organisation_id"]), int(head["seq"]), str(head["entry_hash"])
        str(manifest["database"]["vendor"])
        list(manifest["migrations"])
    except (KeyError, TypeError, ValueError):
        raise malformed from None
    return directory, manifest


def check_files(directory: Path, manifest: dict) -> None:
    """Every file of the manifest is there with its size and SHA-256; the database file is among them."""
    problems = []
    names = [item["name"] for item in manifest["files"]]
    database_file = DATABASE_FILE.get(manifest["database"]["vendor"])
    if database_file not in names:
        problems.append(_("the manifest lists no database file (%(file)s)") % {"file": database_file})
    for item in manifest["files"]:
        name = item["name"]
        # Only plain names: a crafted manifest must not make us read files outside the backup.
        if name in ("", ".", "..") or Path(name).name != name:
            problems.append(_("%(file)s is not a file name") % {"file": name})
            continue
        path = directory / name
        if not path.is_file():
            problems.append(_("%(file)s is missing") % {"file": name})
            continue
        size, sha256 = file_digest(path)
        if (size, sha256) != (item["size"], item["sha256"]):
            problems.append(_("%(file)s does not match its size and SHA-256 checksum in the manifest: the backup "
                              "is damaged or was altered") % {"file": name})
    if problems:
        raise BackupError(_("The backup %(path)s fails its checks: %(problems)s.") % {
            "path": directory, "problems": "; ".join(problems)})


def check_migrations(manifest: dict) -> None:
    unknown = sorted(set(manifest["migrations"]) - known_migrations())
    if unknown:
        raise BackupError(_("The backup was made by a newer Qauipsiz (%(version)s): this one does not know its "
                            "migrations %(migrations)s. Restore it with that version or a later one.") % {
            "version": manifest.get("versions", {}).get("qauipsiz", "?"), "migrations": ", ".join(unknown)})


def unapplied_migrations(connection) -> list[str]:
    """Migrations this version has and the restored database lacks: `migrate` must run before `verify` can."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def describe_target(connection) -> str:
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(settings_dict.get("NAME"))
    host = settings_dict.get("HOST") or "localhost"
    port = settings_dict.get("PORT") or 5432
    return f"{settings_dict.get('NAME')} ({host}:{port})"


def existing_tables(connection) -> list[str]:
    """Tables (and views) already in the target. The rule is strict: a restore goes into an EMPTY database only.

    Even tables without rows refuse it (say, after `migrate`): the backup brings its own schema, and merging it
    into another one could hide a difference.
    """
    if connection.vendor == "sqlite":
        path = _sqlite_path(connection.settings_dict)
        if not path.exists():
            return []
        try:
            with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as target:
                rows = target.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                                      "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").fetchall()
        except sqlite3.Error as exc:
            raise BackupError(_("%(path)s exists and is not an SQLite database SQLite can read (%(error)s): "
                                "restore only into a new file.") % {"path": path, "error": exc}) from exc
        return [name for (name,) in rows]
    try:
        return _postgresql_tables(connection)
    except DatabaseError as exc:
        raise BackupError(_("Cannot read the target database %(target)s: %(error)s") % {
            "target": describe_target(connection), "error": exc}) from exc


def _postgresql_tables(connection) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' "
            "ORDER BY 1")
        return [name for (name,) in cursor.fetchall()]


def _restore_sqlite(directory: Path, manifest: dict, connection) -> None:
    target = _sqlite_path(connection.settings_dict)
    expected = next(item for item in manifest["files"] if item["name"] == SQLITE_FILE)
    target.parent.mkdir(parents=True, exist_ok=True)
    # The target is empty or absent (checked before): journals beside it belong to nothing we keep, and a stale WAL
    # would be replayed into the restored file.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".qauipsiz-restore-", dir=target.parent)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out, open(directory / SQLITE_FILE, "rb") as source:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        # Hashed again as copied: what lands in place is exactly what the manifest vouches for.
        if digest.hexdigest() != expected["sha256"]:
            raise BackupError(_("The database file changed while it was being copied; nothing was restored."))
        os.chmod(temporary, 0o600)
        # One rename: the target is either still empty or the whole restored database.
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def _restore_postgresql(directory: Path, manifest: dict, connection) -> None:
    env = libpq_environment(connection.settings_dict)
    # An empty --dbname makes pg_restore restore into a database (not print a script) and take its name, like every
    # other connection parameter, from the environment.
    run_tool([str(find_pg_tool("pg_restore")), "--no-owner", "--no-privileges", "--exit-on-error",
              "--single-transaction", "--no-password", "--dbname=", str(directory / POSTGRESQL_FILE)], env)


def restore_backup(path: Path | str, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Check the backup, then restore it into the configured (empty) database; return its manifest.

    Checks, all before the target is touched: the manifest, the vendor, every file's checksum, that this version
    knows the backup's migrations, and that the target has no tables at all.
    """
    connection = connections[using]
    directory, manifest = load_manifest(path)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(_("%(path)s is a backup of a %(backup)s database; the configured database is %(target)s. "
                            "Restore it into a %(backup)s database (DATABASE_URL).") % {
            "path": directory, "backup": vendor_name(vendor), "target": vendor_name(connection.vendor)})
    check_files(directory, manifest)
    check_migrations(manifest)
    tables = existing_tables(connection)
    if tables:
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        raise BackupError(_("The target database %(target)s is not empty (%(count)s tables: %(tables)s). A backup is "
                            "restored only into an empty database: create a new one and point DATABASE_URL at it.") % {
            "target": describe_target(connection), "count": len(tables), "tables": shown})
    # Our own connection must not hold the old (empty) database open while it is replaced or filled.
    connection.close()
    if vendor == "sqlite":
        _restore_sqlite(directory, manifest, connection)
    else:
        _restore_postgresql(directory, manifest, connection)
    _restore_media(directory, manifest)
    return manifest


def compare_heads(expected: list[dict], actual: list[dict]) -> list[tuple[dict | None, dict | None]]:
    """Pairs (manifest head, restored head) that differ, by organisation; empty when everything matches."""
    by_id = {head["organisation_id"]: head for head in expected}
    restored = {head["organisation_id"]: head for head in actual}
    differences = []
    for organisation_id in sorted(by_id.keys() | restored.keys()):
        want, got = by_id.get(organisation_id), restored.get(organisation_id)
        if want is None or got is None or (want["seq"], want["entry_hash"]) != (got["seq"], got["entry_hash"]):
            differences.append((want, got))
    return differences
