"""`Idempotency-Key`: a POST repeated with its key answers the first result and signs nothing twice."""

from qauipsiz.acts.models import IdempotentRequest
from qauipsiz.ledger.models import Signature
from qauipsiz.permits.choices import Status
from qauipsiz.permits.models import Permit

from .test_api import SIGN, _draft_body, as_, error, ledger_count, ok  # noqa: F401

ADMIT = {"signature": SIGN, "measures_checked": True, "performer_briefed": True, "copy_handed_over": True}


def admissions(permit) -> int:
    return Signature.objects.filter(purpose="permits.permit.item9_admitted", object_id=str(permit.pk)).count()


def test_the_same_key_twice_signs_once_and_answers_the_same(site):
    permit = site.prepared()
    admitting = as_(site.admitting)
    first = admitting.post(f"/{permit.pk}/admit", ADMIT, key="admit-7f3a")
    entries = ledger_count(site.org)
    again = admitting.post(f"/{permit.pk}/admit", ADMIT, key="admit-7f3a")
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert admissions(permit) == 1 and ledger_count(site.org) == entries
    assert Permit.objects.get(pk=permit.pk).status == Status.ADMITTED
    # Without the key the same request is a new one, which the permit's state now refuses.
    error(admitting.post(f"/{permit.pk}/admit", ADMIT), 409)


def test_the_same_key_for_a_different_request_is_422(site):
    permit = site.prepared()
    admitting = as_(site.admitting)
    ok(admitting.post(f"/{permit.pk}/admit", ADMIT, key="k-1"))
    entries = ledger_count(site.org)
    body = error(admitting.post(f"/{permit.pk}/admit", {**ADMIT, "copy_handed_over": False}, key="k-1"), 422)
    assert body["detail"] and "Idempotency-Key" in body["errors"]
    assert "different request" in body["errors"]["Idempotency-Key"][0]
    measure = permit.measures.first()
    error(admitting.post(f"/{permit.pk}/measures/{measure.pk}/complete", {"signature": SIGN}, key="k-1"), 422)
    assert ledger_count(site.org) == entries and admissions(permit) == 1


def test_a_refused_request_leaves_its_key_free(site):
    permit = site.prepared()
    admitting = as_(site.admitting)
    error(admitting.post(f"/{permit.pk}/admit", {**ADMIT, "signature": {"password": "wrong"}}, key="k-2"), 422)
    assert not IdempotentRequest.objects.filter(key="k-2").exists()
    ok(admitting.post(f"/{permit.pk}/admit", ADMIT, key="k-2"))
    assert admissions(permit) == 1


def test_keys_belong_to_their_user(site):
    permit = site.issued()
    measures = list(permit.measures.all())
    admitting, performer = as_(site.admitting), as_(site.performer)
    ok(admitting.post(f"/{permit.pk}/measures/{measures[0].pk}/complete", {"signature": SIGN}, key="shared"))
    # Another user's identical key is another request altogether.
    ok(performer.post(f"/{permit.pk}/measures/{measures[1].pk}/complete", {"signature": SIGN}, key="shared"))
    assert IdempotentRequest.objects.filter(key="shared").count() == 2


def test_creating_a_draft_twice_with_one_key_makes_one_draft(site):
    issuer = as_(site.issuer)
    before = Permit.objects.count()
    first = issuer.post("/", _draft_body(site), key="new-permit-1")
    again = issuer.post("/", _draft_body(site), key="new-permit-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Permit.objects.count() == before + 1


def test_the_key_must_be_printable_ascii(site):
    permit = site.prepared()
    admitting = as_(site.admitting)
    for bad in ("", "x" * 101, "two words"):
        assert "Idempotency-Key" in error(admitting.post(f"/{permit.pk}/admit", ADMIT, key=bad), 422)["errors"]
    assert admissions(permit) == 0
