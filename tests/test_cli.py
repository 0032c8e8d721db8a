"""The `qauipsiz` command as an operator runs it: settings from the environment, the server, the admin account.

Subprocesses get a clean environment (no DJANGO_SETTINGS_MODULE, no settings inherited from the test process) and a
temporary directory as working and data directory, so they see exactly what a fresh installation would.
"""

import http.client
import io
import json
import os
import re
import secrets
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import translation

from tests import pgcluster

# Every variable settings.py reads, so that none leaks from the test process (tests/settings.py sets some).
SETTINGS_VARIABLES = {
    "DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "HTTPS", "BEHIND_PROXY",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD", "TIME_ZONE", "LANGUAGE_CODE",
    "QAUIPSIZ_DATA_DIR", "STATIC_ROOT", "STATIC_MANIFEST", "WHITENOISE_USE_FINDERS", "SESSION_IDLE_SECONDS",
    "LOGIN_FAILURE_LIMIT", "LOGIN_LOCKOUT_MINUTES", "LOGIN_THROTTLING", "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT",
    "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "EMAIL_USE_SSL", "DEFAULT_FROM_EMAIL", "ADMINS",
    "IMPORT_MAX_BYTES", "IMPORT_MAX_ROWS", "PAGE_SIZE", "WEB_CONCURRENCY", "LOG_LEVEL", "QAUIPSIZ_ADMIN_PASSWORD",
    "SITE_URL",
}
STRONG_PASSWORD = "Kolkhoz-Turbine-2024"


def qauipsiz_command() -> list[str]:
    script = Path(sys.executable).with_name("qauipsiz")
    return [str(script)] if script.exists() else [sys.executable, "-m", "qauipsiz.cli"]


def clean_env(data_dir: Path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES and not k.startswith("DJANGO_")}
    env.update(
        SECRET_KEY="cli-test-" + secrets.token_urlsafe(40),
        QAUIPSIZ_DATA_DIR=str(data_dir),
        DATABASE_URL=f"sqlite:///{data_dir / 'db.sqlite3'}",
        STATIC_ROOT=str(data_dir / "static"),
        PYTHONUNBUFFERED="1",
        # The code checked out here, not whichever tree the shared virtualenv's editable install points to.
        PYTHONPATH=str(Path(__file__).resolve().parents[1]),
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def run_qauipsiz(*args: str, env: dict[str, str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([*qauipsiz_command(), *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- Settings from the environment ------------------------------------------------------------------------------------

def test_deploy_check_is_clean_with_a_production_environment(tmp_path):
    secret_key = "".join(secrets.choice(string.ascii_letters + string.digits + "!@#%^&*(-_=+)") for _ in range(60))
    env = clean_env(tmp_path, DEBUG="false", HTTPS="true", BEHIND_PROXY="true", SECRET_KEY=secret_key,
                    ALLOWED_HOSTS="qauipsiz.example.kz", SITE_URL="https://qauipsiz.example.kz")

    result = run_qauipsiz("check", "--deploy", "--fail-level", "WARNING", env=env, cwd=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        pytest.param({"SECRET_KEY": None, "DEBUG": "false"}, "SECRET_KEY", id="secret-key-missing"),
        pytest.param({"SECRET_KEY": "", "DEBUG": "false"}, "SECRET_KEY", id="secret-key-empty"),
        pytest.param({"DEBUG": "maybe"}, "DEBUG", id="debug-not-boolean"),
        pytest.param({"LANGUAGE_CODE": "de"}, "LANGUAGE_CODE", id="language-unknown"),
        pytest.param({"DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL", id="database-url-bad"),
        pytest.param({"PAGE_SIZE": "many"}, "PAGE_SIZE", id="integer-bad"),
    ],
)
def test_bad_settings_stop_the_process_and_name_the_variable(tmp_path, overrides, variable):
    result = run_qauipsiz("check", env=clean_env(tmp_path, **overrides), cwd=tmp_path)

    assert result.returncode != 0
    assert variable in result.stderr
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize("site_url", [
    pytest.param(None, id="unset"),
    pytest.param("", id="empty"),
    pytest.param("http://127.0.0.1:8000", id="ipv4-loopback"),
    pytest.param("https://127.0.1.1", id="ipv4-loopback-range"),
    pytest.param("https://localhost", id="localhost"),
    pytest.param("https://localhost.:8443/", id="localhost-fqdn"),
    pytest.param("http://[::1]:8000", id="ipv6-loopback"),
    pytest.param("http://0.0.0.0:8000", id="unspecified"),
])
def test_production_refuses_to_start_without_the_public_site_url(tmp_path, site_url):
    """Issue 9, printed forms: with HTTPS=true the QR code of a printed permit must open the live permit at the
    public address, so the server does not start while SITE_URL is unset or points to this machine."""
    env = clean_env(tmp_path, HTTPS="true", ALLOWED_HOSTS="qauipsiz.example.kz", SITE_URL=site_url)

    for command in (["check"], ["serve", "127.0.0.1:1", "--workers", "1"]):
        result = run_qauipsiz(*command, env=env, cwd=tmp_path)

        assert result.returncode != 0, command
        assert "ImproperlyConfigured" in result.stderr and "SITE_URL" in result.stderr, result.stderr


@pytest.mark.parametrize("site_url", ["ftp://qauipsiz.example.kz", "qauipsiz.example.kz", "https://", "https://x/?a=1"])
def test_a_site_url_that_is_no_http_address_stops_the_process(tmp_path, site_url):
    result = run_qauipsiz("check", env=clean_env(tmp_path, SITE_URL=site_url), cwd=tmp_path)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SITE_URL" in result.stderr


def test_the_local_demo_starts_without_site_url_and_its_qr_codes_carry_the_demo_address(tmp_path):
    """`make run` is plain http on 127.0.0.1: no SITE_URL needed; it passes its own address (or the default)."""
    show = ("shell", "--no-imports", "-c", "from django.conf import settings; print(settings.SITE_URL)")
    result = run_qauipsiz(*show, env=clean_env(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:8000"

    result = run_qauipsiz(*show, env=clean_env(tmp_path, SITE_URL="http://127.0.0.1:9000/"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:9000"


def test_make_run_passes_the_demo_address_as_site_url():
    """The Makefile's run target exports SITE_URL as the address it serves on, unless SITE_URL is already set."""
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    assert "run: export SITE_URL = $(DEMO_SITE_URL)" in makefile
    assert "DEMO_SITE_URL := $(or $(SITE_URL),http://" in makefile


def test_demo_logins_say_which_address_the_qr_codes_carry(settings):
    from qauipsiz.core.demo import DemoLogin
    from qauipsiz.core.management.commands.demo import Command

    settings.SITE_URL = "http://127.0.0.1:9000"
    out = io.StringIO()
    with translation.override("en"):
        Command(stdout=out).print_logins([DemoLogin(username="head", password="demo", role="Head", scope="All")])
    assert "open http://127.0.0.1:9000 (SITE_URL)" in out.getvalue()


# --- qauipsiz serve ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """An installation as the README sets it up: `qauipsiz migrate` and `collectstatic` run, and its environment."""
    data_dir = tmp_path_factory.mktemp("installation")
    env = clean_env(data_dir)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        result = run_qauipsiz(*command, "-v", "0", env=env, cwd=data_dir, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
    return data_dir, env


def child_pids(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name (field 2) may contain spaces and is parenthesised: split after its last ")".
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def _wait_for_healthz(server, port: int, deadline: float) -> tuple[int | None, bytes]:
    """The first answer of the starting server's /healthz before `deadline` (status and body), or (None, b"")."""
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                return response.status, response.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    return None, b""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="counts worker processes through /proc")
def test_serve_runs_several_workers_and_stops_on_sigterm(migrated):
    data_dir, env = migrated
    port = free_port()
    server = subprocess.Popen([*qauipsiz_command(), "serve", f"127.0.0.1:{port}", "--workers", "2"],
                              env=env, cwd=data_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        status, body = _wait_for_healthz(server, port, deadline)
        assert server.poll() is None, f"the server exited:\n{server.communicate()[0]}"
        assert status == 200, "no answer from /healthz within 20 s"
        assert b'"status": "ok"' in body

        # A page with its stylesheet, as production serves them: hashed names from the collectstatic manifest.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/accounts/login/", timeout=10) as response:
            assert response.status == 200
            stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', response.read().decode())
        assert stylesheets
        for href in stylesheets:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{href}", timeout=10) as response:
                assert response.status == 200

        while len(child_pids(server.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(child_pids(server.pid)) >= 2

        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=20)
    finally:
        if server.poll() is None:
            # The whole group: orphaned workers would keep the output pipe open for their 30 s timeout.
            os.killpg(server.pid, signal.SIGKILL)
            server.communicate()
    assert server.returncode == 0, output
    # The access log goes to standard output.
    assert "GET /healthz" in output


def _raw_get(port: int, target: str, headers: list[tuple[str, str]] = ()) -> tuple[int, dict[str, str], bytes]:
    """One GET over http.client, which sends any target and headers as given (urllib would refuse some)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        for name, value in headers:
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_serve_answers_json_for_what_gunicorn_refuses_itself(migrated):
    """A request line or headers over gunicorn's limits never reach Django: the worker of `serve` (site.server)
    answers them, JSON 414 / 431 under /api/ and plain text elsewhere, instead of gunicorn's HTML page."""
    data_dir, env = migrated
    port = free_port()
    server = subprocess.Popen([*qauipsiz_command(), "serve", f"127.0.0.1:{port}", "--workers", "1"],
                              env=env, cwd=data_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    try:
        status, _body = _wait_for_healthz(server, port, time.monotonic() + 20)
        assert status == 200, "no answer from /healthz within 20 s"
        # The installation's language (LANGUAGE_CODE, kk): the headers are not read when the line is refused.
        with translation.override("kk"):
            too_long = translation.gettext("The address is too long: at most %(limit)s characters.") % {
                "limit": 4096}
            headers_too_large = translation.gettext("The request headers are too large or too many.")

        # Over gunicorn's 8190 bytes: refused by gunicorn, answered in JSON by the worker.
        status, headers, body = _raw_get(port, "/api/v1/permits/" + "9" * 9000)
        assert status == 414
        assert headers["content-type"] == "application/json" and headers["connection"] == "close"
        assert json.loads(body) == {"detail": too_long}

        # Between the API's 4096 characters and gunicorn's 8190 bytes: Django answers (its security headers).
        status, headers, body = _raw_get(port, "/api/v1/permits/" + "9" * 5000)
        assert status == 414 and headers["content-type"] == "application/json"
        assert json.loads(body)["detail"] and headers["x-content-type-options"] == "nosniff"

        # A header line over limit_request_field_size, and more headers than limit_request_fields.
        for extra in ([("X-Long", "a" * 9000)], [(f"X-Many-{n}", "a") for n in range(120)]):
            status, headers, body = _raw_get(port, "/api/v1/accounts/me", extra)
            assert status == 431 and headers["content-type"] == "application/json"
            assert json.loads(body) == {"detail": headers_too_large}

        # A page's address: a short text in the language of its prefix, not gunicorn's HTML.
        status, headers, body = _raw_get(port, "/ru/permits/" + "9" * 9000)
        assert status == 414 and headers["content-type"] == "text/plain; charset=utf-8"
        with translation.override("ru"):
            assert body.decode() == translation.gettext(
                "The address is too long: at most %(limit)s characters.") % {"limit": 4096} + "\n"
        assert b"<html" not in body

        # The worker still serves ordinary requests.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            assert response.status == 200
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=20)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.communicate()
    assert server.returncode == 0, output
    assert "Traceback" not in output


def test_serve_refuses_a_malformed_address():
    with pytest.raises(CommandError, match="HOST:PORT"):
        call_command("serve", "127.0.0.1:http")


def test_serve_refuses_a_malformed_web_concurrency(tmp_path):
    # In a fresh process: gunicorn itself chokes on a bad value when it is first imported.
    result = run_qauipsiz("serve", f"127.0.0.1:{free_port()}", env=clean_env(tmp_path, WEB_CONCURRENCY="lots"),
                          cwd=tmp_path, timeout=30)

    assert result.returncode != 0
    assert "WEB_CONCURRENCY must be an integer" in result.stderr
    assert "Traceback" not in result.stderr


# --- qauipsiz createadmin --------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_createadmin_creates_a_superuser(capsys):
    call_command("createadmin", "--username", "admin", "--email", "admin@example.kz", "--password", STRONG_PASSWORD,
                 "--noinput")

    user = get_user_model().objects.get(username="admin")
    assert user.is_staff and user.is_superuser and user.is_active
    assert user.email == "admin@example.kz"
    assert user.check_password(STRONG_PASSWORD)
    assert "created" in capsys.readouterr().out


@pytest.mark.django_db
def test_createadmin_takes_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("QAUIPSIZ_ADMIN_PASSWORD", STRONG_PASSWORD)

    call_command("createadmin", "--username", "root", "--email", "root@example.kz", "--noinput")

    assert get_user_model().objects.get(username="root").check_password(STRONG_PASSWORD)


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["12345678901", "password123", "short"])
def test_createadmin_refuses_a_weak_password(password):
    with pytest.raises(CommandError, match="password"):
        call_command("createadmin", "--username", "admin", "--email", "admin@example.kz", "--password", password,
                     "--noinput")

    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_createadmin_refuses_an_existing_username(django_user_model):
    django_user_model.objects.create_user("Admin", email="first@example.kz", password=STRONG_PASSWORD)

    with pytest.raises(CommandError, match="already exists"):
        call_command("createadmin", "--username", "admin", "--email", "second@example.kz", "--password",
                     STRONG_PASSWORD, "--noinput")

    assert django_user_model.objects.count() == 1


@pytest.mark.django_db
def test_createadmin_noinput_needs_a_password(monkeypatch):
    monkeypatch.delenv("QAUIPSIZ_ADMIN_PASSWORD", raising=False)

    with pytest.raises(CommandError, match="QAUIPSIZ_ADMIN_PASSWORD"):
        call_command("createadmin", "--username", "admin", "--email", "admin@example.kz", "--noinput")

    assert not get_user_model().objects.exists()


def test_createadmin_as_an_operator_runs_it(migrated):
    data_dir, env = migrated
    env = {**env, "QAUIPSIZ_ADMIN_PASSWORD": STRONG_PASSWORD}
    args = ("createadmin", "--username", "operator", "--email", "operator@example.kz", "--noinput")

    first = run_qauipsiz(*args, env=env, cwd=data_dir)
    again = run_qauipsiz(*args, env=env, cwd=data_dir)

    assert first.returncode == 0, first.stderr
    assert again.returncode != 0
    assert "already exists" in again.stderr
    assert "Traceback" not in again.stderr


# --- tests/pgcluster.py -----------------------------------------------------------------------------------------------

def test_pgcluster_without_postgresql_skips_locally(monkeypatch, capsys):
    monkeypatch.setattr(pgcluster, "find_bindir", lambda: None)
    monkeypatch.delenv("CI", raising=False)

    assert pgcluster.main(["--", "true"]) == 0
    assert "SKIPPED" in capsys.readouterr().err


def test_pgcluster_without_postgresql_fails_in_ci(monkeypatch, capsys):
    monkeypatch.setattr(pgcluster, "find_bindir", lambda: None)
    monkeypatch.setenv("CI", "true")

    assert pgcluster.main(["--", "true"]) == 1
    assert "ERROR" in capsys.readouterr().err


def test_pgcluster_needs_a_command(capsys):
    assert pgcluster.main(["--"]) == 2
    assert "usage" in capsys.readouterr().err


def test_migrate_creates_the_data_directory(tmp_path):
    """A fresh machine has no var/: the embedded database's directory is created on first use."""
    import os
    import subprocess
    import sys

    data_dir = tmp_path / "nested" / "var"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"QAUIPSIZ_DATA_DIR": str(data_dir), "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "qauipsiz.settings"})
    result = subprocess.run([sys.executable, "-m", "qauipsiz.cli", "migrate", "-v", "0"], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (data_dir / "qauipsiz.sqlite3").exists()
