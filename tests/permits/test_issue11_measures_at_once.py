"""Issue 11, "Fewer signatures, all of them meaningful": who carried out several measures of a permit (item 7, 344
Annex 1; 344 cl.21) signs them at once, one signature for the set, whose content names every measure (item and text).
Each measure keeps its executor and time; the single-measure act stays."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.ledger.models import LedgerEntry, Signature
from qauipsiz.ledger.signatures import signatures_of
from qauipsiz.ledger.verify import verify_organisation
from qauipsiz.permits import services
from qauipsiz.permits.acts import Act, done_label
from qauipsiz.permits.documents.permit import permit_context
from qauipsiz.permits.models import Permit, PermitMeasure
from qauipsiz.permits.views.drafting import timeline

from .conftest import PW
from .test_api import as_, error, ok
from .test_views_support import SIGN, as_user, text, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _open(permit, count: int = 3) -> list[PermitMeasure]:
    """The first `count` measures of the permit that need no air sample (5.4 waits for one)."""
    return list(permit.measures.exclude(code="5.4").order_by("pk")[:count])


def _signatures(permit) -> list[Signature]:
    return list(Signature.objects.filter(object_type="permits.permit", object_id=str(permit.pk),
                                         purpose__endswith="item7_measure_done"))


def _state(permit) -> tuple:
    """What a refused act must leave as it was: the measures, the signatures, the ledger."""
    return (list(permit.measures.order_by("pk").values_list("pk", "done_by", "done_at")),
            Signature.objects.filter(organisation=permit.organisation).count(),
            LedgerEntry.objects.filter(organisation=permit.organisation).count())


def test_issue11_three_measures_one_signature_same_executor_and_time(site):
    permit = site.issued()
    chosen = _open(permit)
    assert len(chosen) == 3
    before = LedgerEntry.objects.filter(organisation=site.org, action="permits.permitmeasure.done").count()
    done = services.measures_complete(permit=permit, by=site.crew[0].user, credentials=PW,
                                      measures=[m.pk for m in reversed(chosen)])
    assert {m.pk for m in done} == {m.pk for m in chosen}
    rows = list(PermitMeasure.objects.filter(pk__in=[m.pk for m in chosen]))
    assert {(m.done_by_id, m.done_at) for m in rows} == {(site.crew[0].pk, rows[0].done_at)}
    assert rows[0].done_at is not None
    others = permit.measures.exclude(pk__in=[m.pk for m in chosen])
    assert not others.filter(done_at__isnull=False).exists()

    signatures = _signatures(permit)
    assert len(signatures) == 1
    content = json.loads(signatures[0].content)
    assert content["act"] == Act.COMPLETE_MEASURES
    # The signed content names every measure signed, with its item and its text, in the order of the form.
    assert content["about"] == {"measures": [{"id": m.pk, "code": m.code, "text": m.text} for m in chosen]}
    # Ledgered like the single act: one "done" entry per measure, and the chain still verifies.
    assert LedgerEntry.objects.filter(organisation=site.org,
                                      action="permits.permitmeasure.done").count() == before + 3
    assert verify_organisation(site.org.pk) == []


def test_issue11_the_single_measure_act_still_works(site):
    permit = site.issued()
    measure = _open(permit, 1)[0]
    services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    assert PermitMeasure.objects.get(pk=measure.pk).done_by == site.admitting


def test_issue11_a_refused_measure_refuses_the_set_and_names_it(site):
    permit = site.issued()
    first, second, third = _open(permit)
    services.measure_complete(measure=second, by=site.admitting.user, credentials=PW)
    before = _state(permit)
    with pytest.raises(ActionRefused) as refused:
        services.measures_complete(permit=permit, by=site.crew[0].user, credentials=PW,
                                   measures=[first.pk, second.pk, third.pk])
    assert second.code in refused.value.message and "already signed" in refused.value.message
    assert _state(permit) == before


def test_issue11_measure_5_4_without_a_sample_refuses_the_set(site):
    """Item 5.4: the air measure is signed once a passing sample is there, in a set too."""
    permit = site.issued()
    air = permit.measures.get(code="5.4")
    before = _state(permit)
    with pytest.raises(ActionRefused) as refused:
        services.measures_complete(permit=permit, by=site.admitting.user, credentials=PW,
                                   measures=[_open(permit, 1)[0].pk, air.pk])
    assert "5.4" in refused.value.message
    assert _state(permit) == before


def test_issue11_a_measure_of_another_permit_is_refused_by_id(site):
    permit, other = site.issued(), site.issued(place="Unit AVT-7, compressor bay", devices=[])
    stranger = _open(other, 1)[0]
    before = _state(permit)
    with pytest.raises(ValidationError) as refused:
        services.measures_complete(permit=permit, by=site.admitting.user, credentials=PW,
                                   measures=[_open(permit, 1)[0].pk, stranger.pk])
    assert str(stranger.pk) in str(refused.value)
    assert _state(permit) == before


def test_issue11_after_admission_only_a_joint_measure_is_signed(site):
    permit = site.admitted()
    with pytest.raises(ActionRefused):
        services.measures_complete(permit=permit, by=site.admitting.user, credentials=PW,
                                   measures=[permit.measures.first().pk])


def test_issue11_a_wrong_password_signs_nothing(site):
    permit = site.issued()
    before = _state(permit)
    with pytest.raises(ValidationError):
        services.measures_complete(permit=permit, by=site.admitting.user, credentials={"password": "wrong"},
                                   measures=[m.pk for m in _open(permit)])
    assert _state(permit) == before


def test_issue11_the_printed_permit_and_the_page_show_each_measure_done(client, site):
    permit = site.issued()
    chosen = _open(permit)
    services.measures_complete(permit=permit, by=site.crew[0].user, credentials=PW, measures=[m.pk for m in chosen])
    context = permit_context(Permit.objects.get(pk=permit.pk), language="en")
    done = {entry["text"]: entry["done"] for entry in context["item7"]}
    for measure in chosen:
        assert site.crew[0].last_name in done[measure.text].text
        assert done[measure.text].mark  # the one signature's mark stands by each measure it covers
    page = text(as_user(client, site.admitting).get(url("detail", permit.pk)))
    for measure in chosen:
        row = page.split(f'data-measure="{measure.pk}"')[1].split("</tr>")[0]
        assert site.crew[0].full_name in row and 'class="signature' in row


def test_issue11_the_page_offers_checkboxes_and_one_signature(client, site):
    permit = site.issued()
    chosen = _open(permit)
    air = permit.measures.get(code="5.4")
    client = as_user(client, site.crew[0])
    page = text(client.get(url("detail", permit.pk)))
    assert 'data-action="complete_measures"' in page
    for measure in chosen:
        assert f'data-measure-pick="{measure.pk}"' in page
    assert f'data-measure-pick="{air.pk}"' not in page  # 5.4 waits for a passing sample
    # The card names the measures chosen in what is signed, with one signature block.
    address = url("measures-complete", permit.pk)
    card = text(client.get(address, {"measures": [m.pk for m in chosen[:2]]}, headers={"HX-Request": "true"}))
    signing = card.split('id="signing"')[1].split("The permit as it stands")[0]  # what the act is about
    assert chosen[0].text in signing and chosen[1].text in signing and chosen[2].text not in signing
    assert card.count('name="sign_password"') == 1
    response = client.post(address, {"measures": [m.pk for m in chosen], **SIGN})
    assert response.status_code == 302
    assert PermitMeasure.objects.filter(pk__in=[m.pk for m in chosen], done_by=site.crew[0]).count() == 3
    assert len(_signatures(permit)) == 1
    page = text(client.get(url("detail", permit.pk)))
    for measure in chosen:
        assert f'data-measure-pick="{measure.pk}"' not in page


def test_issue11_the_page_refuses_a_done_measure_by_name(client, site):
    permit = site.issued()
    first, second, _third = _open(permit)
    services.measure_complete(measure=second, by=site.admitting.user, credentials=PW)
    before = _state(permit)
    response = as_user(client, site.crew[0]).post(url("measures-complete", permit.pk),
                                                  {"measures": [first.pk, second.pk], **SIGN})
    assert response.status_code == 409
    assert second.code in text(response)
    assert _state(permit) == before


def test_issue11_api_signs_measures_at_once_with_an_idempotency_key(site):
    permit = site.issued()
    chosen = _open(permit)
    api = as_(site.crew[0])
    body = {"measures": [m.pk for m in chosen], "signature": PW}
    answer = ok(api.post(f"/{permit.pk}/measures/complete", body, key="measures-once-1"))
    done = {m["id"]: m for m in answer["measures"] if m["done_at"]}
    assert set(done) == {m.pk for m in chosen}
    assert len({m["done_at"] for m in done.values()}) == 1
    # Repeated with its key: the first answer, nothing signed twice.
    again = ok(api.post(f"/{permit.pk}/measures/complete", body, key="measures-once-1"))
    assert again == answer
    assert len(_signatures(permit)) == 1


def test_issue11_api_refusals_name_the_measure_and_change_nothing(site):
    permit, other = site.issued(), site.issued(place="Unit AVT-7, compressor bay", devices=[])
    first, second, _third = _open(permit)
    services.measure_complete(measure=second, by=site.admitting.user, credentials=PW)
    api = as_(site.crew[0])
    before = _state(permit)
    refused = error(api.post(f"/{permit.pk}/measures/complete",
                             {"measures": [first.pk, second.pk], "signature": PW}), 409)
    assert second.code in json.dumps(refused, ensure_ascii=False)
    stranger = _open(other, 1)[0]
    refused = error(api.post(f"/{permit.pk}/measures/complete",
                             {"measures": [first.pk, stranger.pk], "signature": PW}), 422)
    assert str(stranger.pk) in json.dumps(refused["errors"]["measures"])
    error(api.post(f"/{permit.pk}/measures/complete", {"measures": [], "signature": PW}), 422)
    assert _state(permit) == before


def test_issue11_api_signing_text_names_the_measures_for_an_ecp(site):
    """An ЭЦП client asks what it signs: the measures' ids separated by commas, as the act will name them."""
    permit = site.issued()
    chosen = _open(permit)
    api = as_(site.crew[0])
    ids = ",".join(str(m.pk) for m in reversed(chosen))
    answer = ok(api.get(f"/{permit.pk}/signing-text", {"act": "complete_measures", "subject": ids}))
    assert answer["about"] == {"measures": [{"id": m.pk, "code": m.code, "text": m.text} for m in chosen]}
    assert "subject" in error(api.get(f"/{permit.pk}/signing-text", {"act": "complete_measures"}), 422)["errors"]
    assert "subject" in error(api.get(f"/{permit.pk}/signing-text", {"act": "complete_measures",
                                                                      "subject": f"{ids},999999"}), 422)["errors"]


def test_issue11_the_reference_hot_work_job_signs_its_measures_once(site):
    """The reference hot-work job: six measures, six password signatures before; now one, after the air sample."""
    permit = site.issued()
    measures = list(permit.measures.all())
    assert len(measures) == 6
    site.sample(permit, value="1.0")  # item 5.4: the measure is signed once a passing sample is there
    services.measures_complete(permit=permit, by=site.admitting.user, credentials=PW,
                               measures=[m.pk for m in measures])
    assert len(_signatures(permit)) == 1
    assert not permit.measures.filter(done_at__isnull=True).exists()
    # The permit can then be admitted as before: the measures count as carried out (item 9).
    for approval in permit.approvals.all():
        services.permit_approve(permit=permit, by=approval.approver.user, credentials=PW)
    admitted = services.permit_admit(permit=Permit.objects.get(pk=permit.pk), by=site.admitting.user,
                                     credentials=PW, measures_checked=True, performer_briefed=True,
                                     copy_handed_over=True)
    assert admitted.status == "admitted"


def test_issue11_the_history_shows_each_measure_done_and_the_one_signature(site):
    permit = site.issued()
    chosen = _open(permit)
    services.measures_complete(permit=permit, by=site.crew[0].user, credentials=PW, measures=[m.pk for m in chosen])
    permit = Permit.objects.get(pk=permit.pk)
    signatures = list(signatures_of(permit))
    for signature in signatures:  # as the permit page labels them: the act in the past tense
        signature.act_label = done_label(json.loads(signature.content)["act"])
    items = timeline(permit, signatures)
    done = {item.record.object_id for item in items
            if item.kind == "entry" and item.record.action == "permits.permitmeasure.done"}
    assert done == {str(m.pk) for m in chosen}
    signed = [item for item in items if item.kind == "signature" and item.record.purpose.endswith("item7_measure_done")]
    assert len(signed) == 1 and str(signed[0].label) == "Measures carried out (item 7)"
