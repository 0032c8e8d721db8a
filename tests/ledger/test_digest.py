"""The daily digest pins the history: printed, e-mailed to the head, optionally RFC 3161 time-stamped; a later verify
proves nothing up to it was rewritten — even by someone who recomputed every hash after their change."""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from asn1crypto import cms, tsp
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction

from qauipsiz.accounts.choices import Role
from qauipsiz.ledger import services as ledger
from qauipsiz.ledger.canonical import sha256_hex
from qauipsiz.ledger.digest import make_digests
from qauipsiz.ledger.models import ChainHead, Digest, LedgerEntry
from qauipsiz.ledger.services import compute_entry_hash
from qauipsiz.ledger.verify import verify_organisation
from tests import factories as f


@pytest.fixture
def org(db):
    org = f.organisation("Ertis refinery")
    with transaction.atomic():
        for n in range(5):
            ledger.append(organisation_id=org.pk, by=None, action="test.event", content={"n": n})
    return org


def rewrite_history(org, attacker, seq: int) -> None:
    """Change entry `seq` and recompute every hash after it, so that the chain alone looks intact."""
    entries = list(LedgerEntry.objects.filter(organisation=org).order_by("seq"))
    prev = entries[seq - 2].entry_hash
    with attacker:
        for entry in entries[seq - 1:]:
            if entry.seq == seq:
                entry.content = '{"n":"forged"}'
                entry.content_hash = sha256_hex(entry.content)
            entry.prev_hash = prev
            entry.entry_hash = compute_entry_hash(entry)
            attacker.sql("UPDATE ledger_ledgerentry SET content = %s, content_hash = %s, prev_hash = %s, "
                         "entry_hash = %s WHERE id = %s",
                         [entry.content, entry.content_hash, entry.prev_hash, entry.entry_hash, entry.pk])
            prev = entry.entry_hash
        attacker.sql("UPDATE ledger_chainhead SET entry_hash = %s WHERE organisation_id = %s", [prev, org.pk])


def test_a_rewrite_with_recomputed_hashes_is_caught_by_the_digest(org, attacker):
    [digest] = make_digests(organisation_ids=[org.pk])
    assert (digest.seq, digest.entry_hash) == (6, ChainHead.objects.get(organisation=org).entry_hash)
    rewrite_history(org, attacker, seq=3)
    problems = [str(p) for p in verify_organisation(org.pk)]
    assert len(problems) == 2, problems  # the chain itself looks intact; only the digest betrays it
    assert "entry #6" in problems[0] and "was rewritten" in problems[0]
    # Issue 10 item 9: and where: the first entry whose hash is not the one the digest covered.
    assert problems[1].startswith("entry #3:") and "first entry whose hash differs" in problems[1]


def test_a_rewrite_before_the_previous_digest_is_named_by_that_digest(org, attacker):
    """Each digest covers the entries since the previous one: the earliest digest the rewrite reaches names where it
    starts, a later one the first of its own entries that differs."""
    make_digests(organisation_ids=[org.pk])
    with transaction.atomic():
        ledger.append(organisation_id=org.pk, by=None, action="test.later", content={"n": 9})
    [later] = make_digests(organisation_ids=[org.pk])
    assert [seq for seq, _hash in later.covers] == [7]
    rewrite_history(org, attacker, seq=2)
    problems = [str(p) for p in verify_organisation(org.pk)]
    assert [p.split(":")[0] for p in problems] == ["entry #6", "entry #2", "entry #7", "entry #7"], problems


def test_a_digest_that_covers_nothing_names_the_last_digest_still_intact(org, attacker):
    """Digests taken before they kept what they cover: the rewrite is placed after the last one that matches."""
    make_digests(organisation_ids=[org.pk])
    with transaction.atomic():
        for n in range(3):
            ledger.append(organisation_id=org.pk, by=None, action="test.later", content={"n": n})
    [later] = make_digests(organisation_ids=[org.pk])
    with attacker:
        attacker.sql("UPDATE ledger_digest SET covers = '[]' WHERE id = %s", [later.pk])
    rewrite_history(org, attacker, seq=8)
    problems = [str(p) for p in verify_organisation(org.pk)]
    assert problems[-1].startswith("entry #9:") and "after entry #6" in problems[-1], problems


def test_digest_command_prints_and_emails_the_head_in_their_language(org, capsys):
    head = f.user(Role.HEAD, org, username="head")
    head.email, head.language = "head@example.kz", "ru"
    head.save()
    f.user(Role.AUDITOR, org).save()  # not a head: gets nothing
    call_command("ledger", "digest", "--email")
    out = capsys.readouterr().out
    assert org.bin in out and f"#{ChainHead.objects.get(organisation=org).seq}" in out
    assert [m.to for m in mail.outbox] == [["head@example.kz"]]
    assert "дайджест журнала" in mail.outbox[0].subject
    assert Digest.objects.get(organisation=org).entry_hash in mail.outbox[0].body


def test_digests_are_append_only(org):
    [digest] = make_digests(organisation_ids=[org.pk])
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017 - a database error from the trigger
        Digest.objects.filter(pk=digest.pk).update(seq=1)
    assert connection.vendor in ("sqlite", "postgresql")


class FakeTsa(BaseHTTPRequestHandler):
    """An RFC 3161 service answering with a token over exactly the imprint it was sent (unsigned: enough here)."""

    def do_POST(self):  # noqa: N802 - the http.server API
        request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
        info = tsp.TSTInfo({
            "version": "v1", "policy": "1.2.398.3.3.2.6.1", "message_imprint": request["message_imprint"],
            "serial_number": 42, "gen_time": datetime.datetime(2026, 11, 22, 4, 0, tzinfo=datetime.UTC),
            "nonce": request["nonce"].native,
        })
        signed = cms.SignedData({
            "version": "v3", "digest_algorithms": [{"algorithm": "sha256"}],
            "encap_content_info": {"content_type": "tst_info", "content": info}, "signer_infos": [],
        })
        answer = tsp.TimeStampResp({"status": {"status": "granted"},
                                    "time_stamp_token": {"content_type": "signed_data", "content": signed}})
        body = answer.dump()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def tsa(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeTsa)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.TSA_URL = f"http://127.0.0.1:{server.server_port}/tsp"
    yield server
    server.shutdown()


def test_timestamped_digest(org, tsa, attacker):
    [digest] = make_digests(organisation_ids=[org.pk], timestamp=True)
    assert digest.tsa_time == datetime.datetime(2026, 11, 22, 4, 0, tzinfo=datetime.UTC)
    assert bytes(Digest.objects.get(pk=digest.pk).tsa_token)
    assert verify_organisation(org.pk) == []


def test_unreachable_tsa_is_a_clear_error(org, settings):
    from django.core.management.base import CommandError

    settings.TSA_URL = "http://127.0.0.1:9/tsp"
    settings.TSA_TIMEOUT = 2
    with pytest.raises(CommandError, match="did not answer"):
        call_command("ledger", "digest", "--timestamp")
    assert not Digest.objects.exists()
