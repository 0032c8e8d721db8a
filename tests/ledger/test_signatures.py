"""The signing act: an explicit confirmation by the signer at that moment, kept with who, as what, when and exactly what
was signed, and never changed afterwards (344 cl.5: no corrections or erasures; 344 cl.10: the permit is signed by the
persons named in it).

Certificates and keys are made in the test (`certs.py`); nothing here talks to a real NCALayer or NCANode.
"""

import base64
import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.lockout import failure_limit
from qauipsiz.accounts.services import set_signing_pin
from qauipsiz.core.choices import AppointmentRole, CompetenceRole
from qauipsiz.core.models import RoleTrainingRequirement
from qauipsiz.core.services import record_create, record_update
from qauipsiz.ledger.api import SignatureIn, SignatureOut
from qauipsiz.ledger.canonical import canonical_json, sha256_hex
from qauipsiz.ledger.forms import SignatureForm
from qauipsiz.ledger.models import LedgerEntry, Signature
from qauipsiz.ledger.services import LedgerError
from qauipsiz.ledger.signatures import (
    SIGNED_ACTION,
    SignatureRefused,
    assert_unsigned,
    is_signed,
    sign,
    signatures_of,
    signing_content,
    signing_content_base64,
)
from qauipsiz.ledger.verify import verify_organisation
from tests import factories as f
from tests.ledger import certs

PASSWORD = "correct horse battery"  # what tests.factories.user() gives every user
PURPOSE = "permits.permit.item9_admission"
SIGNER_IIN = f.iin(birth=datetime.date(1988, 3, 14))
DAY = datetime.timedelta(days=1)


@pytest.fixture(scope="module")
def pki():
    return certs.make_pki(iin=SIGNER_IIN)


@pytest.fixture
def roots(pki, settings, tmp_path):
    """The test root as the only trusted root, and no GOST verification service."""
    directory = tmp_path / "trusted-roots"
    directory.mkdir()
    (directory / "root.pem").write_bytes(pki.root_pem())
    settings.QAUIPSIZ_TRUSTED_ROOTS_DIR = str(directory)
    settings.QAUIPSIZ_GOST_VERIFIER_URL = ""
    return directory


class Setting:
    def __init__(self):
        self.org = f.organisation()
        self.shop = f.division(self.org, "Shop")
        self.facility = f.facility(self.org, self.shop)
        self.user = f.user(Role.ADMITTING_PERSON, self.org)
        self.person = f.person(self.org, self.shop, iin=SIGNER_IIN, last_name="Сейтқали", first_name="Айгүл")
        self.person.user = self.user
        record_update(by=f.superuser(), instance=self.person)  # linked through the services: the ledger knows it
        self.user.refresh_from_db()
        self.content = {"record": "test.permit", "id": self.facility.pk, "number": "НД-2026-0001",
                        "item": "9", "text": "Рұқсат беремін / Допуск разрешаю", "at": "2026-06-15"}

    def sign(self, **kwargs):
        kwargs.setdefault("purpose", PURPOSE)
        kwargs.setdefault("content", self.content)
        kwargs.setdefault("obj", self.facility)
        kwargs.setdefault("role", Role.ADMITTING_PERSON)
        with transaction.atomic():
            return sign(organisation_id=self.org.pk, by=kwargs.pop("by", self.user), **kwargs)

    def content_bytes(self) -> bytes:
        return canonical_json(self.content).encode()

    def require(self, training_code: str, role=AppointmentRole.ADMITTING_PERSON):
        return record_create(by=f.superuser(), instance=RoleTrainingRequirement(
            organisation=self.org, role=role, training_type=f.training_type(training_code)))

    def appoint(self, role=AppointmentRole.ADMITTING_PERSON):
        return f.appointment(self.person, role, whole=True, valid_from=datetime.date(2020, 1, 1))


@pytest.fixture
def s(db):
    return Setting()


def counts():
    return Signature.objects.count(), LedgerEntry.objects.count()


def refused(s, **kwargs) -> SignatureRefused:
    """Sign, expect a refusal, and check that nothing at all was written."""
    before = counts()
    with pytest.raises(SignatureRefused) as caught:
        s.sign(**kwargs)
    assert counts() == before
    assert isinstance(caught.value, ValidationError)
    return caught.value


# --- Password and PIN -------------------------------------------------------------------------------------------------


def test_password_signature_keeps_signer_role_time_and_hash_344_cl10(s):
    """344 cl.10: the signature names the signer, their role, the time and the hash of exactly what was signed."""
    entries_before = LedgerEntry.objects.filter(organisation=s.org).count()
    signature = s.sign(password=PASSWORD)
    signature = Signature.objects.get(pk=signature.pk)
    assert signature.method == "password"
    assert signature.signer_user == s.user and signature.signer_person == s.person
    assert signature.signer_name == "Сейтқали Айгүл"
    assert signature.role == Role.ADMITTING_PERSON
    assert signature.object_type == "core.hazardousfacility" and signature.object_id == str(s.facility.pk)
    assert signature.purpose == PURPOSE
    assert signature.content == canonical_json(s.content) == signing_content(s.content)
    assert signature.content_hash == sha256_hex(signature.content)
    assert abs(signature.signed_at - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=1)
    assert bytes(signature.cms) == b""
    assert signature.cms_status == "" and signature.certificate_subject == ""
    # The ledger entry carries the whole signature, in the same chain as everything else.
    entry = signature.ledger_entry
    assert LedgerEntry.objects.filter(organisation=s.org).count() == entries_before + 1
    assert (entry.action, entry.object_type, entry.object_id) == (SIGNED_ACTION, "ledger.signature", str(signature.pk))
    assert entry.actor_user_id == s.user.pk and entry.actor_role == Role.ADMITTING_PERSON
    assert json.loads(entry.content)["content_hash"] == signature.content_hash
    assert verify_organisation(s.org.pk) == []


def test_wrong_password_is_refused_and_nothing_is_written(s):
    error = refused(s, password="not my password")
    assert error.reasons == ["the password is not correct"]
    assert error.field == "password"
    assert "The signature was refused: the password is not correct" in error.messages[0]


def test_refusal_inside_a_longer_transaction_writes_nothing(s):
    """A service that catches the refusal and carries on must not find a half-made signature in its transaction."""
    before = counts()
    with transaction.atomic():
        with pytest.raises(SignatureRefused):
            sign(organisation_id=s.org.pk, by=s.user, role="", obj=s.facility, purpose=PURPOSE, content=s.content,
                 password="wrong")
        assert counts() == before


def test_pin_signature(s):
    set_signing_pin(user=s.user, password=PASSWORD, pin="480512")
    s.user.refresh_from_db()
    assert s.user.signing_pin and "480512" not in s.user.signing_pin  # only a hash is kept
    signature = s.sign(pin="480512")
    assert signature.method == "pin"
    assert verify_organisation(s.org.pk) == []


def test_wrong_pin_is_refused(s):
    set_signing_pin(user=s.user, password=PASSWORD, pin="480512")
    s.user.refresh_from_db()
    assert refused(s, pin="480513").reasons == ["the signing PIN is not correct"]


def test_pin_without_one_set_is_refused(s):
    assert "you have not set a signing PIN" in refused(s, pin="1234").reasons[0]


@pytest.mark.parametrize(("pin", "message"), [
    ("123", "The PIN must be 4 to 8 digits."),
    ("123456789", "The PIN must be 4 to 8 digits."),
    ("12a4", "The PIN must be 4 to 8 digits."),
    ("0000", "This PIN is too easy to guess"),
    ("1234", "This PIN is too easy to guess"),
    ("87654321", "This PIN is too easy to guess"),
])
def test_signing_pin_must_be_4_to_8_digits_and_not_obvious(s, pin, message):
    with pytest.raises(ValidationError) as caught:
        set_signing_pin(user=s.user, password=PASSWORD, pin=pin)
    assert message in caught.value.message_dict["pin"][0]


def test_signing_pin_needs_the_password(s):
    with pytest.raises(ValidationError) as caught:
        set_signing_pin(user=s.user, password="wrong", pin="480512")
    assert caught.value.message_dict == {"password": ["The password is not correct."]}


def test_exactly_one_credential(s):
    assert "exactly one" in refused(s).reasons[0]
    assert "exactly one" in refused(s, password=PASSWORD, pin="480512").reasons[0]


def test_wrong_passwords_lock_signing_for_a_while(s):
    for _attempt in range(failure_limit()):
        refused(s, password="guess")
    error = refused(s, password=PASSWORD)  # even the right one, while locked
    assert error.reasons[0].startswith("too many wrong passwords or PINs: try again in ")
    assert not Signature.objects.exists()


def test_a_right_password_clears_the_count(s):
    for _attempt in range(failure_limit() - 1):
        refused(s, password="guess")
    s.sign(password=PASSWORD)
    refused(s, password="guess")
    s.sign(password=PASSWORD, purpose="permits.permit.item10_accepted")


def test_an_inactive_user_cannot_sign(s):
    s.user.is_active = False
    assert refused(s, password=PASSWORD).reasons == ["only an active user can sign"]


def test_signing_outside_a_transaction_is_a_programming_error(transactional_db, s):
    """The signature and the change it accompanies must be stored together or not at all."""
    with pytest.raises(LedgerError):
        sign(organisation_id=s.org.pk, by=s.user, role="", obj=s.facility, purpose=PURPOSE, content={},
             password=PASSWORD)


def test_purpose_must_be_a_dotted_code(s):
    with pytest.raises(ValueError, match="dotted code"):
        s.sign(password=PASSWORD, purpose="Admission!")


# --- Competence -----------------------------------------------------------------------------------------------------


def test_competence_missing_is_refused_with_the_reason(s):
    # An ordered function (344 cl.16); the parts the issuer names on a permit need no order (cl.19).
    error = refused(s, password=PASSWORD, competence_role=CompetenceRole.PERMIT_ISSUER)
    assert error.reasons == [f"Сейтқали Айгүл is not competent as Permit issuer on "
                             f"{timezone.localdate():%d.%m.%Y}: there is no appointment as Permit issuer by an "
                             f"order of the head."]


def test_expired_training_is_named(s):
    s.require("industrial_safety")
    s.appoint()
    f.training(s.person, "industrial_safety", passed=datetime.date(2020, 1, 1), until=datetime.date(2021, 1, 1),
               document_number="ПБ-17")
    error = refused(s, password=PASSWORD, competence_role=CompetenceRole.ADMITTING_PERSON)
    assert error.reasons == [f"Сейтқали Айгүл is not competent as Admitting person on {timezone.localdate():%d.%m.%Y}: "
                             f"the training \"Industrial-safety knowledge check\" expired on 01.01.2021 (document "
                             f"ПБ-17)."]


def test_competence_evidence_is_kept_with_the_signature(s):
    s.require("industrial_safety")
    appointment = s.appoint()
    today = timezone.localdate()
    training = f.training(s.person, "industrial_safety", passed=today - 30 * DAY, until=today + 300 * DAY,
                          document_number="ПБ-2026-042")
    signature = s.sign(password=PASSWORD, competence_role=CompetenceRole.ADMITTING_PERSON, division=s.shop)
    signature = Signature.objects.get(pk=signature.pk)
    evidence = signature.competence
    assert signature.competence_role == CompetenceRole.ADMITTING_PERSON
    assert evidence["competent"] is True and evidence["role"] == "admitting_person"
    assert evidence["person"] == {"id": s.person.pk, "iin": SIGNER_IIN, "name": "Сейтқали Айгүл"}
    assert [a["order_number"] for a in evidence["appointments"]] == [appointment.order_number]
    assert evidence["appointments"][0]["order_date"] == "2020-01-01"
    assert evidence["required_trainings"] == ["industrial_safety"]
    assert evidence["trainings"][0]["document_number"] == "ПБ-2026-042"
    assert evidence["trainings"][0]["valid_until"] == training.valid_until.isoformat()
    assert verify_organisation(s.org.pk) == []


def test_a_user_without_a_person_cannot_sign_with_a_competence_role(s):
    loner = f.user(Role.ADMITTING_PERSON, s.org)
    error = refused(s, by=loner, password=PASSWORD, competence_role=CompetenceRole.ADMITTING_PERSON)
    assert "not linked to a person in the register" in error.reasons[0]
    # Without a competence role the same user may sign: the signature keeps their account name.
    assert s.sign(by=loner, password=PASSWORD).signer_name == loner.username


# --- Qualified electronic signature (ЭЦП) ---------------------------------------------------------------------------


def test_rsa_cms_over_the_content_is_accepted_with_its_certificate(s, pki, roots):
    cms = certs.sign(pki.rsa_signer, pki.rsa_key, s.content_bytes(), extra=[pki.intermediate])
    signature = s.sign(cms=base64.b64encode(cms).decode())  # as NCALayer returns it
    signature = Signature.objects.get(pk=signature.pk)
    assert signature.method == "cms" and signature.cms_status == "valid" and signature.cms_reasons == []
    assert bytes(signature.cms) == cms  # the DER, as signed
    assert f"SERIALNUMBER=IIN{SIGNER_IIN}" in signature.certificate_subject
    assert signature.certificate_iin == SIGNER_IIN
    assert signature.certificate_serial == format(pki.rsa_signer.serial_number, "x")
    assert signature.certificate_not_before == pki.rsa_signer.not_valid_before_utc
    assert signature.certificate_not_after == pki.rsa_signer.not_valid_after_utc
    assert verify_organisation(s.org.pk) == []


def test_ecdsa_cms_is_accepted(s, pki, roots):
    cms = certs.sign(pki.ec_signer, pki.ec_key, s.content_bytes(), extra=[pki.intermediate])
    assert s.sign(cms=cms).cms_status == "valid"


def test_cms_over_different_content_is_refused(s, pki, roots):
    other = canonical_json({**s.content, "number": "НД-2026-0002"}).encode()
    cms = certs.sign(pki.rsa_signer, pki.rsa_key, other, extra=[pki.intermediate])
    error = refused(s, cms=cms)
    assert error.reasons == ["the signature was made over other data: the digest it signs does not match this "
                             "record's content"]
    assert error.field == "cms"


def test_expired_certificate_is_refused(s, pki, roots):
    now = certs.now()
    expired = certs.issue(certs.name("ИВАНОВ ИВАН", iin=SIGNER_IIN), pki.ec_key, pki.intermediate.subject,
                          pki.intermediate_key, not_before=now - 400 * DAY, not_after=now - 30 * DAY)
    error = refused(s, cms=certs.sign(expired, pki.ec_key, s.content_bytes(), extra=[pki.intermediate]))
    assert len(error.reasons) == 1
    assert error.reasons[0].startswith("the signer's certificate had expired at ")


def test_self_signed_certificate_is_refused(s, pki, roots):
    subject = certs.name("ИВАНОВ ИВАН", iin=SIGNER_IIN)
    fake = certs.issue(subject, pki.ec_key, subject, pki.ec_key)
    error = refused(s, cms=certs.sign(fake, pki.ec_key, s.content_bytes()))
    assert error.reasons == ["the signer's certificate is self-signed: it was not issued by a trusted certification "
                             "authority"]


def test_certificate_of_a_foreign_root_is_refused(s, pki, roots):
    cert = certs.issue(certs.name("ИВАНОВ ИВАН", iin=SIGNER_IIN), pki.ec_key, pki.foreign_root.subject,
                       pki.foreign_key)
    error = refused(s, cms=certs.sign(cert, pki.ec_key, s.content_bytes(), extra=[pki.foreign_root]))
    assert error.reasons == ["the signer's certificate does not chain to a trusted root certificate: it was issued by "
                             "C=KZ,CN=Some Other Root CA, which is not a trusted certification authority"]


def test_someone_elses_certificate_is_refused(s, pki, roots):
    other_iin = f.iin(birth=datetime.date(1990, 2, 2))
    cert = certs.issue(certs.name("БАСҚА АДАМ", iin=other_iin), pki.ec_key, pki.intermediate.subject,
                       pki.intermediate_key)
    error = refused(s, cms=certs.sign(cert, pki.ec_key, s.content_bytes(), extra=[pki.intermediate]))
    assert error.reasons == [f"the certificate belongs to IIN {other_iin}, not to the signer {SIGNER_IIN}"]


def test_without_trusted_roots_every_cms_is_refused(s, pki, settings, tmp_path):
    cms = certs.sign(pki.rsa_signer, pki.rsa_key, s.content_bytes(), extra=[pki.intermediate])
    for directory in ("", str(tmp_path / "missing"), str(tmp_path)):
        settings.QAUIPSIZ_TRUSTED_ROOTS_DIR = directory
        error = refused(s, cms=cms)
        assert len(error.reasons) == 1
        assert error.reasons[0].startswith("no trusted root certificates are configured")


def test_gost_signature_without_a_verification_service_is_stored_not_verified(s, roots):
    """Never silently accepted: stored, and marked "not verified" wherever it is shown."""
    cms = certs.gost_cms(certs.gost_certificate(SIGNER_IIN))
    signature = Signature.objects.get(pk=s.sign(cms=cms).pk)
    assert signature.cms_status == "not_verified"
    assert signature.cms_reasons == ["GOST signature stored but not verified: no verification service is configured"]
    assert signature.certificate_iin == SIGNER_IIN
    assert verify_organisation(s.org.pk) == []


def test_gost_signature_of_someone_else_is_refused_even_without_the_service(s, roots):
    other_iin = f.iin(birth=datetime.date(1991, 5, 5))
    error = refused(s, cms=certs.gost_cms(certs.gost_certificate(other_iin)))
    assert error.reasons == [f"the certificate belongs to IIN {other_iin}, not to the signer {SIGNER_IIN}"]


def test_cms_needs_a_person_to_match_the_iin(s, pki, roots):
    loner = f.user(Role.ADMITTING_PERSON, s.org)
    cms = certs.sign(pki.rsa_signer, pki.rsa_key, s.content_bytes(), extra=[pki.intermediate])
    assert "not linked to a person" in refused(s, by=loner, cms=cms).reasons[0]


def test_signing_content_is_what_ncalayer_gets(s):
    text = signing_content(s.content)
    assert base64.b64decode(signing_content_base64(s.content)).decode() == text
    assert signing_content_base64(text) == signing_content_base64(s.content)
    assert json.loads(signing_content(s.facility))["registration_number"] == s.facility.registration_number


# --- Signed means final (344 cl.5) ----------------------------------------------------------------------------------


def test_assert_unsigned_refuses_changes_after_signing_344_cl5(s):
    """344 cl.5: a permit is filled in without corrections or erasures; once signed, the item is final."""
    assert_unsigned(s.facility)
    assert not is_signed(s.facility)
    s.sign(password=PASSWORD)
    assert is_signed(s.facility) and is_signed(s.facility, PURPOSE)
    assert not is_signed(s.facility, "permits.permit.item10_accepted")
    assert_unsigned(s.facility, "permits.permit.item10_accepted")
    with pytest.raises(ValidationError) as caught:
        assert_unsigned(s.facility)
    assert caught.value.messages == ["This item is signed and can no longer be changed (344 cl.5: no corrections or "
                                     "erasures)."]
    assert [x.purpose for x in signatures_of(s.facility)] == [PURPOSE]


@pytest.mark.parametrize("statement", [
    "UPDATE ledger_signature SET signer_name = 'Someone else'",
    "UPDATE ledger_signature SET content_hash = 'x'",
    "DELETE FROM ledger_signature",
])
def test_the_database_refuses_to_change_or_delete_a_signature_344_cl5(s, statement):
    s.sign(password=PASSWORD)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    with pytest.raises(DatabaseError), transaction.atomic():
        Signature.objects.update(signer_name="Someone else")
    with pytest.raises(DatabaseError), transaction.atomic():
        Signature.objects.all().delete()
    assert Signature.objects.get().signer_name == "Сейтқали Айгүл"


def test_application_role_cannot_rewrite_signatures_on_postgresql(s):
    """The documented PostgreSQL setup (`qauipsiz ledger privileges`): no UPDATE, DELETE or TRUNCATE on signatures."""
    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    from qauipsiz.ledger.management.commands.ledger import privileges_sql

    s.sign(password=PASSWORD)
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE qauipsiz_app_signature_test NOLOGIN")  # a name of its own: roles are cluster-wide
        cursor.execute(privileges_sql("qauipsiz_app_signature_test"))
    for statement in ("UPDATE ledger_signature SET signer_name = 'x'", "DELETE FROM ledger_signature",
                      "TRUNCATE ledger_signature CASCADE"):
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL ROLE qauipsiz_app_signature_test")
            cursor.execute(statement)


def test_the_signature_outlives_the_record(s, attacker):
    """Named, not linked: purging the signed record later leaves its signatures readable."""
    signature = s.sign(password=PASSWORD)
    with attacker:
        attacker.sql("DELETE FROM core_hazardousfacility WHERE id = %s", [s.facility.pk])
    assert Signature.objects.get(pk=signature.pk).object_id == str(s.facility.pk)


# --- Tampering past the triggers: `qauipsiz verify` names the signature and the record -------------------------------


def problems(s) -> list[str]:
    return [str(p) for p in verify_organisation(s.org.pk)]


def where(s, signature) -> str:
    return f"[core.hazardousfacility:{s.facility.pk}]"


def test_verify_detects_a_signature_whose_signer_was_changed(s, attacker):
    signature = s.sign(password=PASSWORD)
    with attacker:
        attacker.sql("UPDATE ledger_signature SET signer_name = 'Someone else' WHERE id = %s", [signature.pk.hex])
    found = [p for p in problems(s) if str(signature.pk) in p]
    assert len(found) == 1
    assert where(s, signature) in found[0]
    assert "differs from its ledger entry (signer_name)" in found[0]


def test_verify_detects_altered_signed_content(s, attacker):
    signature = s.sign(password=PASSWORD)
    forged = signature.content.replace("НД-2026-0001", "НД-2026-0009")
    with attacker:
        attacker.sql("UPDATE ledger_signature SET content = %s WHERE id = %s", [forged, signature.pk.hex])
    found = [p for p in problems(s) if str(signature.pk) in p]
    assert any("the signed content no longer matches its hash" in p and where(s, signature) in p for p in found)
    assert any("differs from its ledger entry (content)" in p for p in found)


def test_verify_detects_content_altered_with_a_recomputed_hash(s, attacker):
    signature = s.sign(password=PASSWORD)
    forged = signature.content.replace("НД-2026-0001", "НД-2026-0009")
    with attacker:
        attacker.sql("UPDATE ledger_signature SET content = %s, content_hash = %s WHERE id = %s",
                     [forged, sha256_hex(forged), signature.pk.hex])
    assert any(str(signature.pk) in p and "differs from its ledger entry (content, content_hash)" in p
               for p in problems(s))


def test_verify_detects_a_deleted_signature(s, attacker):
    signature = s.sign(password=PASSWORD)
    with attacker:
        attacker.sql("DELETE FROM ledger_signature WHERE id = %s", [signature.pk.hex])
    assert any(f"signature {signature.pk} was deleted outside the system" in p and where(s, signature) in p
               for p in problems(s))


def test_verify_detects_a_signature_moved_to_another_entry(s, attacker):
    first = s.sign(password=PASSWORD)
    second = s.sign(password=PASSWORD, purpose="permits.permit.item10_accepted")
    with attacker:
        # Swap the entries' pointers (the unique constraint needs a spare value on the way).
        attacker.sql("UPDATE ledger_signature SET ledger_entry_id = -1 WHERE id = %s", [first.pk.hex])
        attacker.sql("UPDATE ledger_signature SET ledger_entry_id = %s WHERE id = %s",
                     [first.ledger_entry_id, second.pk.hex])
        attacker.sql("UPDATE ledger_signature SET ledger_entry_id = %s WHERE id = %s",
                     [second.ledger_entry_id, first.pk.hex])
    found = problems(s)
    assert any(str(first.pk) in p and "ledger entry that does not record it" in p for p in found)
    assert any(str(second.pk) in p and "ledger entry that does not record it" in p for p in found)


def test_verify_command_names_a_tampered_signature(s, attacker, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    signature = s.sign(password=PASSWORD)
    with attacker:
        attacker.sql("UPDATE ledger_signature SET role = 'head' WHERE id = %s", [signature.pk.hex])
    with pytest.raises(CommandError):
        call_command("verify", "--organisation", s.org.bin)
    out = capsys.readouterr().out
    assert "BROKEN" in out and str(signature.pk) in out and where(s, signature) in out


# --- The form and the API shapes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "expected"), [
    ({"sign_method": "password", "sign_password": "p w"}, {"password": "p w"}),
    ({"sign_method": "pin", "sign_pin": "480512", "sign_password": "ignored"}, {"pin": "480512"}),
    ({"sign_method": "cms", "sign_cms": "MIIB"}, {"cms": "MIIB"}),
])
def test_signature_form_gives_the_credentials(data, expected):
    form = SignatureForm(data)
    assert form.is_valid(), form.errors
    assert form.credentials() == expected


def test_signature_form_needs_the_chosen_credential():
    form = SignatureForm({"sign_method": "cms"})
    assert not form.is_valid()
    assert "No signature came from NCALayer" in form.errors["sign_method"][0]
    assert "sign_password" in SignatureForm({"sign_method": "password"}).errors


def test_signature_form_shows_a_refusal_next_to_the_credential(s):
    form = SignatureForm({"sign_method": "password", "sign_password": "wrong"})
    assert form.is_valid()
    with pytest.raises(SignatureRefused) as caught:
        s.sign(**form.credentials())
    form.add_refusal(caught.value)
    assert form.errors["sign_password"] == ["The signature was refused: the password is not correct"]


def test_signature_api_shapes(s):
    assert SignatureIn(password="x").credentials() == {"password": "x"}
    with pytest.raises(ValidationError):
        SignatureIn(password="x", pin="1234").credentials()
    with pytest.raises(ValidationError):
        SignatureIn().credentials()
    signature = s.sign(password=PASSWORD)
    out = SignatureOut.from_orm(Signature.objects.select_related("ledger_entry").get(pk=signature.pk)).dict()
    assert out["id"] == signature.pk and out["signer_user"] == s.user.pk and out["signer_person"] == s.person.pk
    assert out["ledger_seq"] == signature.ledger_entry.seq
    assert out["content_hash"] == signature.content_hash and out["method"] == "password"


def test_signature_partial_shows_not_verified(s, roots):
    from django.template.loader import render_to_string

    signature = s.sign(cms=certs.gost_cms(certs.gost_certificate(SIGNER_IIN)))
    html = render_to_string("ledger/_signature.html", {"signature": signature})
    assert "Сейтқали Айгүл" in html and "ЭЦП not verified" in html and signature.short_hash in html
    assert "no verification service is configured" in html
    assert f"IIN{SIGNER_IIN}" in html
