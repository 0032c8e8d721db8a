"""People see what they sign as readable text, in their language and local time; the canonical JSON stays behind a
"technical details" toggle and in the API (issue 8)."""

import html

import pytest
from django.utils import translation

from qauipsiz.acts.readable import EMPTY, Line, readable
from qauipsiz.permits.content import signing_text
from tests.permits import conftest as permits
from tests.permits.test_views_support import as_user, text, url

site, clock = permits.site, permits.clock  # the permits' fixtures


def test_dates_and_times_are_shown_in_local_time_as_dd_mm_yyyy_hh_mm():
    # 04:00 UTC is 09:00 in Asia/Almaty (UTC+5, TIME_ZONE).
    lines = readable({"start": "2026-11-23T04:00:00Z", "ends_on": "2026-12-31"}, {"start": "Start"})
    assert lines == [Line("Start", "23.11.2026 09:00", 0), Line("ends_on", "31.12.2026", 0)]


def test_nothing_signed_is_hidden_and_empty_items_show_a_dash():
    with translation.override("en"):
        lines = readable({"a": None, "b": True, "c": [], "d": {"name": "Ivanov Ivan", "position": "Fitter",
                                                              "iin": "900101300123"},
                          "e": [{"x": 1}]}, {"a": "A"})
    assert lines == [Line("A", EMPTY, 0), Line("b", "yes", 0), Line("c", EMPTY, 0),
                     Line("d", "Ivanov Ivan, Fitter", 0), Line("e", "", 0), Line("1", "", 1), Line("x", "1", 2)]


@pytest.mark.django_db
def test_the_admission_page_shows_the_content_readable_and_the_exact_json_behind_technical_details(client, site):
    permit = site.prepared()
    with translation.override("ru"):
        page = text(as_user(client, site.admitting).get(url("admit", permit.pk)))
    assert "<dt>Место работы</dt>" in page  # the domain's label ("Place of work"), in the reader's language
    assert permit.place in html.unescape(page)
    assert "23.11.2026 09:00" in page  # the planned start, local time
    details = page[page.index('<details class="signing-content">'):]
    assert html.unescape(details[:details.index("</details>")]).count(signing_text(permit, "admit")) == 1


def _texts(lines: list[Line]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in lines:
        found.setdefault(line.label, []).append(line.text)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_codes_read_as_their_labels_and_person_ids_as_names(site, language):
    """The act, the status, the validity, the measure codes, the approval kinds and a termination reason show as their
    labels in the reader's language, not as the codes signed; a person's record id shows his name where the content
    names him."""
    from qauipsiz.permits.acts import Act
    from qauipsiz.permits.choices import ApprovalKind, MeasureCode, Status, TerminationReason, Validity
    from qauipsiz.permits.content import CONTENT_LABELS, signing_content

    permit = site.prepared()
    content = signing_content(permit, Act.ADMIT, subject={"reason": TerminationReason.DISCREPANCY.value})
    measure = permit.measures.order_by("pk").first()
    approval = permit.approvals.order_by("pk").first()
    with translation.override(language):
        texts = _texts(readable(content))
        label = {key: str(CONTENT_LABELS[key]) for key in ("act", "status", "validity", "code", "kind", "reason",
                                                             "done_by")}
        expected = {"act": str(Act.ADMIT.label), "status": str(Status(permit.status).label),
                    "validity": str(Validity(permit.validity).label), "code": str(MeasureCode(measure.code).label),
                    "kind": str(ApprovalKind(approval.kind).label),
                    "reason": str(TerminationReason.DISCREPANCY.label)}
        with translation.override("en"):
            english = {"act": str(Act.ADMIT.label), "status": str(Status(permit.status).label)}
    for key, text_shown in expected.items():
        assert text_shown in texts[label[key]], key
    assert english["act"] not in texts[label["act"]] and english["status"] not in texts[label["status"]]
    # Each code is looked for under its own label: elsewhere a record id may well read "8" like the approval kind.
    raw = {"act": str(Act.ADMIT), "status": permit.status, "validity": permit.validity, "code": measure.code,
           "kind": approval.kind, "reason": "discrepancy"}
    for key, code in raw.items():
        assert code not in texts[label[key]], key
    assert f"{site.admitting.full_name} ({site.admitting.pk})" in texts[label["done_by"]]


def test_a_value_that_is_no_code_and_an_unknown_person_show_as_they_are():
    from qauipsiz.acts.readable import Coded, PersonRef
    from qauipsiz.permits.choices import TerminationReason

    labels = {"reason": Coded("Reason", TerminationReason), "approver": PersonRef("Approver")}
    lines = readable({"reason": "Gas alarm", "approver": 7, "people": [{"id": 8, "name": "Ivanov Ivan"}]}, labels)
    assert lines[:2] == [Line("Reason", "Gas alarm", 0), Line("Approver", "7", 0)]
