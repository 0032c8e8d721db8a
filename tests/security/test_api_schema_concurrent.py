"""Schemathesis over the whole API from outside, four workers at once against a live server (issue 10, "Shown by").

test_api_schema.py drives every operation in-process, inside one test transaction, where nothing can run at the same
time. Here the schemathesis command line sends its cases from four concurrent workers to a threaded live server on a
committed database, as the drill did against `qauipsiz serve`: creations, changes, (de)activations and acts of
different users' clients interleave, so lock waits, deadlocks and their retries happen for real. Every answer must
be below 500 and as the schema declares it (status, content type, headers, body). Deterministic and small
(a few examples per operation), so that it stays within a few minutes on two cores.

Schemathesis's positive_data_acceptance is not among the checks: the forms also refuse what no JSON Schema can state
(a BIN's check digit, a name in at least one language, an end before its start, a reference to a record the user may
not see), answered 422 with the reason by field. What a field's schema can state, it states
(tests/core/test_api_schema_constraints.py, tests/permits/test_api_schema_constraints.py).
"""

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.services import token_create
from tests import factories as f

from .records import two_organisations

pytestmark = pytest.mark.django_db(transaction=True)
ST = Path(sys.executable).with_name("st")
CHECKS = ["not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
          "response_schema_conformance"]
WORKERS = 4


def _schemathesis(url: str, token: str, tmp_path: Path) -> subprocess.Popen:
    command = [str(ST), "run", f"{url}/api/v1/openapi.json", "--workers", str(WORKERS), "--checks", ",".join(CHECKS),
               "--phases", "examples,fuzzing", "--max-examples", "4", "--generation-deterministic", "--seed", "1",
               "--suppress-health-check", "all", "--no-color", "--report", "ndjson",
               "--report-ndjson-path", str(tmp_path / "events.ndjson"), "-H", f"Authorization: Bearer {token}",
               "-H", "Accept-Language: en"]
    tmp_path.mkdir()
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,  # noqa: S603
                            cwd=tmp_path, env={**os.environ, "NO_COLOR": "1"})


def test_schemathesis_from_concurrent_workers_gets_no_5xx_and_only_answers_the_schema_declares(live_server, tmp_path):
    if not ST.exists():
        pytest.fail(f"{ST} is missing: install the dev dependencies (pip install -e '.[dev]')")
    own, _foreign = two_organisations()
    _token, superuser_key = token_create(user=f.superuser(), name="schemathesis")
    # A second user writing the same organisation's records at the same time, through its own token.
    _token, official_key = token_create(user=f.user(Role.PC_OFFICIAL, own["organisations"]), name="schemathesis")
    # Both users at once: eight workers in all.
    runs = [_schemathesis(live_server.url, key, tmp_path / name)
            for name, key in (("superuser", superuser_key), ("official", official_key))]
    outputs = [run.communicate(timeout=900)[0] for run in runs]
    for run, output in zip(runs, outputs, strict=True):
        assert run.returncode == 0, output[-8000:]
    # The workers really wrote: records were created and changed while the others worked.
    answered = Counter(re.findall(r'"status_code":\s*(\d+)', (tmp_path / "superuser" / "events.ndjson").read_text()))
    assert answered["201"] and answered["200"], answered
    assert not [status for status in answered if int(status) >= 500], answered
