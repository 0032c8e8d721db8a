"""`qauipsiz ledger export` and the standalone verifier an inspector or court expert runs without the system."""

import json
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.db import transaction

from qauipsiz.ledger import services as ledger
from tests import factories as f


def standalone(script, export_file):
    # The system Python with no site packages: the script must need nothing but the standard library.
    python = shutil.which("python3") or "python3"
    return subprocess.run([python, "-I", str(script), str(export_file)], capture_output=True, text=True, timeout=60)


@pytest.fixture
def exported(db, tmp_path):
    org = f.organisation("Ертіс мұнай өңдеу зауыты")
    person = f.person(org, f.division(org), last_name="Сейтқали")
    with transaction.atomic():
        ledger.append(organisation_id=org.pk, by=None, action="test.note", obj=person, content={"text": "қ ә ң"})
    output = tmp_path / "ledger.json"
    call_command("ledger", "export", "--organisation", org.bin, "--output", str(output))
    return org, output, tmp_path / "verify_ledger.py"


def test_export_verifies_with_the_standalone_script(exported):
    org, output, script = exported
    result = standalone(script, output)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK:")
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["organisation"]["bin"] == org.bin
    assert data["complete_to_head"] is True
    assert data["anchor"] == {"seq": 0, "hash": "0" * 64}


@pytest.mark.parametrize("tamper", ["content", "actor", "remove", "swap", "cut"])
def test_a_tampered_export_fails(exported, tamper):
    org, output, script = exported
    data = json.loads(output.read_text(encoding="utf-8"))
    entries = data["entries"]
    if tamper == "content":
        entries[-1]["content"] = entries[-1]["content"].replace("қ", "к")
    elif tamper == "actor":
        entries[0]["actor_name"] = "Someone else"
    elif tamper == "remove":
        del entries[1]
    elif tamper == "swap":
        entries[1], entries[2] = entries[2], entries[1]
    elif tamper == "cut":
        del entries[-1]
    output.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = standalone(script, output)
    assert result.returncode == 1, result.stdout
    assert result.stdout.startswith("BROKEN:")


def test_a_date_range_export_is_anchored_on_the_entry_before_it(exported, tmp_path):
    import datetime

    import time_machine

    org, output, script = exported
    with time_machine.travel(datetime.datetime(2030, 1, 2, 12, 0, tzinfo=datetime.UTC)), transaction.atomic():
        ledger.append(organisation_id=org.pk, by=None, action="test.later", content={"n": 1})
    part = tmp_path / "part.json"
    call_command("ledger", "export", "--organisation", org.bin, "--from", "2030-01-01", "--output", str(part))
    data = json.loads(part.read_text(encoding="utf-8"))
    assert [e["action"] for e in data["entries"]] == ["test.later"]
    assert data["anchor"]["seq"] == data["entries"][0]["seq"] - 1
    assert standalone(script, part).returncode == 0


def test_unknown_organisation_and_bad_date_are_clear_errors(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No organisation"):
        call_command("ledger", "export", "--organisation", "000000000000")
    org = f.organisation()
    with pytest.raises(CommandError, match="Not a date"):
        call_command("ledger", "export", "--organisation", org.bin, "--from", "22.11.2026")


def _export_and_check(org, tmp_path, name: str, *extra: str):
    output = tmp_path / name
    call_command("ledger", "export", "--organisation", org.bin, "--output", str(output), *extra)
    return standalone(tmp_path / "verify_ledger.py", output)


def test_an_export_of_a_chain_cut_at_the_end_is_refused(exported, tmp_path, attacker):
    """Issue 10 item 4: the last entry deleted behind the application (triggers off), the head left as it was:
    `qauipsiz verify` fails, and so must the export checked on its own."""
    from qauipsiz.ledger.models import LedgerEntry

    org, _output, _script = exported
    last = LedgerEntry.objects.filter(organisation=org).order_by("-seq").first()
    with attacker:
        attacker.sql("DELETE FROM ledger_ledgerentry WHERE id = %s", [last.pk])
    result = _export_and_check(org, tmp_path, "cut.json")
    assert result.returncode == 1, result.stdout
    assert f"the chain head at export time was #{last.seq}" in result.stdout


def test_an_export_of_a_chain_cut_with_its_head_rewound_is_refused_by_the_digest(exported, tmp_path, attacker):
    """The head rewound too, so the chain looks whole: the latest digest, taken before, names an entry past its end."""
    from qauipsiz.ledger.digest import make_digests
    from qauipsiz.ledger.models import LedgerEntry

    org, _output, _script = exported
    make_digests(organisation_ids=[org.pk])
    last, before = LedgerEntry.objects.filter(organisation=org).order_by("-seq")[:2]
    with attacker:
        attacker.sql("DELETE FROM ledger_ledgerentry WHERE id = %s", [last.pk])
        attacker.sql("UPDATE ledger_chainhead SET seq = %s, entry_hash = %s WHERE organisation_id = %s",
                     [before.seq, before.entry_hash, org.pk])
    data_result = _export_and_check(org, tmp_path, "rewound.json")
    assert data_result.returncode == 1, data_result.stdout
    assert "before the digest of" in data_result.stdout and f"#{last.seq}" in data_result.stdout


def test_an_export_up_to_a_date_needs_not_reach_the_head(exported, tmp_path):
    """An export that ends on a date claims no more than that date: later entries are not missing from it."""
    import datetime

    import time_machine

    org, _output, _script = exported
    with time_machine.travel(datetime.datetime(2030, 1, 2, 12, 0, tzinfo=datetime.UTC)), transaction.atomic():
        ledger.append(organisation_id=org.pk, by=None, action="test.later", content={"n": 1})
    until = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    result = _export_and_check(org, tmp_path, "until.json", "--to", until)
    assert result.returncode == 0, result.stdout
    data = json.loads((tmp_path / "until.json").read_text(encoding="utf-8"))
    assert data["complete_to_head"] is False and data["entries"][-1]["action"] != "test.later"
