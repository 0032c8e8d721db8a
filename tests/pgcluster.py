"""Run a command against a throwaway PostgreSQL cluster.

    python -m tests.pgcluster -- pytest -q

initdb into a fresh temporary directory, start `postgres` on a unix socket in that directory and on 127.0.0.1 at a
free port, create a database, run the command with DATABASE_URL pointing at it, then stop the server and remove the
directory, whatever happened. The exit code is the command's.

The binaries come from $PG_BINDIR, /usr/lib/postgresql/<newest>/bin or `pg_config --bindir`. Without them the run is
SKIPPED (exit 0), except under CI=true, where it fails: CI must never pass by silently testing less.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DB_NAME = "qauipsiz"
DB_USER = "qauipsiz"
SERVER_USER = "postgres"  # initdb and postgres refuse to run as root
START_TIMEOUT = 30
NEEDED = ("initdb", "postgres", "pg_isready", "createdb")


class ClusterError(RuntimeError):
    pass


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def say(message: str) -> None:
    print(f"[pgcluster] {message}", file=sys.stderr, flush=True)


def _version_key(bindir: str) -> tuple[int, ...]:
    version = Path(bindir).parent.name
    return tuple(int(part) for part in version.split(".") if part.isdigit()) or (0,)


def find_bindir() -> Path | None:
    candidates: list[str] = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(os.environ["PG_BINDIR"])
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            candidates.append(subprocess.run([pg_config, "--bindir"], capture_output=True, text=True,
                                             check=True).stdout.strip())
    for candidate in candidates:
        if candidate and all(os.access(Path(candidate) / name, os.X_OK) for name in NEEDED):
            return Path(candidate)
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """One temporary cluster; use as a context manager so that it is always stopped and removed."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.password = secrets.token_hex(16)
        self.root: Path | None = None
        self.server: subprocess.Popen | None = None
        self.port = 0
        # As root the server side runs as the postgres system user; Popen(user=...) drops privileges in the child
        # itself, so the pid we hold is the real postmaster and our signals reach it directly.
        self.as_user: dict = {}
        if os.geteuid() == 0:
            try:
                entry = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise ClusterError(f"running as root, but there is no {SERVER_USER!r} system user to run the "
                                   "server as (initdb and postgres refuse to run as root)") from None
            self.as_user = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
            self.owner = (entry.pw_uid, entry.pw_gid)

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def socketdir(self) -> Path:
        return self.root / "socket"

    @property
    def url(self) -> str:
        return f"postgres://{DB_USER}:{self.password}@127.0.0.1:{self.port}/{DB_NAME}"

    def _server_cmd(self, args: list[str], **kwargs) -> subprocess.CompletedProcess:
        # cwd inside our directory: the postgres user may not be allowed into the caller's working directory.
        return subprocess.run(args, cwd=self.root, capture_output=True, text=True, **self.as_user, **kwargs)

    def __enter__(self) -> Cluster:
        # Short prefix: a unix socket path must stay under ~107 bytes.
        self.root = Path(tempfile.mkdtemp(prefix="qzpg-"))
        try:
            self._init()
            self._start()
            self._create_database()
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def _init(self) -> None:
        self.socketdir.mkdir()
        pwfile = self.root / "pwfile"
        pwfile.write_text(self.password + "\n")
        if self.as_user:
            for path in (self.root, self.socketdir, pwfile):
                os.chown(path, *self.owner)
        result = self._server_cmd([
            str(self.bindir / "initdb"), "--pgdata", str(self.datadir), "--username", DB_USER,
            "--pwfile", str(pwfile), "--auth-local=trust", "--auth-host=scram-sha-256",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        ])
        pwfile.unlink()
        if result.returncode:
            raise ClusterError(f"initdb failed:\n{result.stdout}{result.stderr}")

    def _start(self) -> None:
        # The free port is only free until someone else binds it: retry on a fresh one if the server lost the race.
        for attempt in range(3):
            try:
                return self._start_on(free_port())
            except ClusterError:
                if attempt == 2 or "could not bind" not in self._log_tail():
                    raise

    def _start_on(self, port: int) -> None:
        log = open(self.root / "postgres.log", "wb")  # noqa: SIM115 - handed to the server for its whole life
        self.port = port
        self.server = subprocess.Popen(
            [
                str(self.bindir / "postgres"), "-D", str(self.datadir),
                "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
                "-c", f"unix_socket_directories={self.socketdir}",
                # Throwaway data: durability costs time and buys nothing.
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=200",
            ],
            cwd=self.root, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            # Own session: a Ctrl-C in the terminal must reach the command (so it can drop its test databases)
            # without taking the server down under it; we stop the server ourselves afterwards.
            start_new_session=True,
            **self.as_user,
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise ClusterError(f"postgres exited with code {self.server.returncode}:\n{self._log_tail()}")
            ready = subprocess.run(
                [str(self.bindir / "pg_isready"), "-q", "-h", str(self.socketdir), "-p", str(self.port),
                 "-d", "postgres", "-U", DB_USER], capture_output=True)
            if ready.returncode == 0:
                return
            time.sleep(0.1)
        raise ClusterError(f"postgres did not accept connections within {START_TIMEOUT} s:\n{self._log_tail()}")

    def _create_database(self) -> None:
        result = subprocess.run(
            [str(self.bindir / "createdb"), "-h", str(self.socketdir), "-p", str(self.port), "-U", DB_USER,
             "-O", DB_USER, DB_NAME], capture_output=True, text=True)
        if result.returncode:
            raise ClusterError(f"createdb failed:\n{result.stdout}{result.stderr}")

    def _log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join((self.root / "postgres.log").read_text(errors="replace").splitlines()[-lines:])
        return "(no server log)"

    def __exit__(self, *exc_info) -> None:
        if self.server is not None and self.server.poll() is None:
            # SIGINT is PostgreSQL's "fast" shutdown: disconnect clients, stop at once.
            self.server.send_signal(signal.SIGINT)
            try:
                self.server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)


def run_child(command: list[str], env: dict[str, str]) -> int:
    child = subprocess.Popen(command, env=env)

    def forward(signum, frame):
        child.send_signal(signum)

    previous = signal.signal(signal.SIGTERM, forward)
    interrupts = 0
    try:
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                # The terminal sent SIGINT to the child too: let it finish its own clean-up (pytest drops its test
                # databases), unless the user insists.
                interrupts += 1
                if interrupts > 1:
                    child.kill()
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        say("usage: python -m tests.pgcluster -- <command> [args...]")
        return 2

    bindir = find_bindir()
    if bindir is None:
        message = ("PostgreSQL server binaries not found (looked in $PG_BINDIR, /usr/lib/postgresql/*/bin and "
                   "`pg_config --bindir`); install them with `apt-get install postgresql-15`")
        if in_ci():
            say(f"ERROR: {message}. CI=true, so this is a failure, not a skip.")
            return 1
        say(f"SKIPPED: {message}.")
        return 0

    # A SIGTERM to us (CI timeout, `kill`) must still stop the server and remove the directory.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        with Cluster(bindir) as cluster:
            say(f"PostgreSQL ({bindir.parent.name}) on 127.0.0.1:{cluster.port}, data in {cluster.root}")
            code = run_child(argv, {**os.environ, "DATABASE_URL": cluster.url})
    except ClusterError as exc:
        say(f"ERROR: {exc}")
        return 1
    except KeyboardInterrupt:
        return 130
    except FileNotFoundError as exc:
        say(f"ERROR: cannot run {exc.filename}: {exc.strerror}")
        return 127
    # A child killed by a signal reports -N; the shell convention 128+N keeps it non-zero for make.
    return 128 - code if code < 0 else code


if __name__ == "__main__":
    sys.exit(main())
