"""The printed forms read as Order 344 prints them (issue 9, "Printed forms (Annex 1-3)"): the heading of each annex,
the certificate's contractor (Annex 3), item 12 column 5, the records of what happened in the past tense, and the QR
code that opens the live permit at the configured public address (SITE_URL).

One module-scoped scenario renders the documents once, in a transaction rolled back at the end.
"""

import io

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from qauipsiz.permits import services
from qauipsiz.permits.acts import ACTS, CERTIFICATE_ACTS, DONE_LABELS, EMERGENCY_ACTS, Act, done_label
from qauipsiz.permits.documents import FORM_WORDING, certificate_pdf, permit_pdf, register_pdf
from qauipsiz.permits.models import Permit
from tests.documents.pdftext import pdf_text

from .conftest import PW, START, make_site
from .test_documents import _certificate, _expected_qr_segments, _qr_segments, squash
from .test_views_support import as_user, text

pytestmark = pytest.mark.django_db

PUBLIC = "https://qauipsiz.example.kz"
LANGUAGES = ("kk", "ru")
# The headings as the Order heads its annexes, written out here rather than read from FORM_WORDING: the test pins the
# words, not the dictionary.
RULES_KK = "Қауіпі жоғары жағдайларда жұмыс жүргізу кезінде наряд-рұқсаттарды ресімдеу және қолдану қағидаларына"
RULES_RU = "к Правилам оформления и применения нарядов-допусков при производстве работ в условиях повышенной опасности"
HEADINGS = {
    "kk": {n: f"{RULES_KK} {n}-қосымша" for n in (1, 2, 3)},
    "ru": {n: f"Приложение {n} {RULES_RU}" for n in (1, 2, 3)},
}
TERMINATED = {"kk": "Жұмыс тоқтатылды, наряд-рұқсат алып қойылды", "ru": "Работы прекращены, наряд-допуск изъят"}
TERMINATE_BUTTON = {"kk": "Тоқтату және алып қою", "ru": "Прекратить и изъять"}


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker) -> dict:
    """A permit worked to the start of work and terminated (344 cl.25), the register and a signed certificate, each in
    kk and ru, the permit printed with SITE_URL set to a public address."""
    result = {}
    with (django_db_blocker.unblock(), time_machine.travel(START, tick=False), transaction.atomic(),
          override_settings(SITE_URL=PUBLIC)):
        site = make_site("«Қауіпсіз Мұнай» ЖШС")
        permit = site.in_progress(crew=2)
        services.permit_terminate(permit=permit, by=site.admitting.user, reason="discrepancy",
                                  note="The gas line was found live", credentials=PW)
        permit = Permit.objects.get(pk=permit.pk)
        certificate = _certificate(site)
        for language in LANGUAGES:
            with translation.override(language):
                result[f"path_{language}"] = reverse("permits:detail", args=[permit.pk])
            result[f"permit_{language}"] = permit_pdf(permit, language=language)
            result[f"register_{language}"] = register_pdf(organisation=site.org, year=2026, language=language)
            result[f"certificate_{language}"] = certificate_pdf(certificate, language=language)
        transaction.set_rollback(True)
    result["text"] = {key: pdf_text(value) for key, value in result.items() if isinstance(value, bytes)}
    return result


# --- The headings of Annexes 1-3 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("annex", "document"), [(1, "permit"), (2, "register"), (3, "certificate")])
def test_344_annexes_1_to_3_are_headed_as_the_order_heads_them(printed, language, annex, document):
    """Annex N "to the Rules ...", with the Rules' title, as the Order prints it, not «Приказ 344, приложение N»."""
    flat = squash(printed["text"][f"{document}_{language}"])
    assert squash(HEADINGS[language][annex]) in flat
    assert FORM_WORDING[language][f"annex{annex}"] == HEADINGS[language][annex]
    for stale in ("Приказ344,приложение", "344бұйрық,1-қосымша", "344бұйрық,2-қосымша", "344бұйрық,3-қосымша"):
        assert stale not in flat


def test_344_annex1_heading_is_printed_on_each_copy(printed):
    """344 cl.5: both copies of the permit are headed as Annex 1."""
    for language in LANGUAGES:
        assert squash(printed["text"][f"permit_{language}"]).count(squash(HEADINGS[language][1])) == 2


# --- Annex 3 and item 12: the Order's words --------------------------------------------------------------------------


def test_344_annex3_ru_names_the_contractors_representative(printed):
    """The Kazakh text decides: «мердігер өкілі» is the contractor's representative, not the work performer's."""
    flat = squash(printed["text"]["certificate_ru"])
    assert squash("под руководством технического персонала – представителя подрядчика на следующий срок:") in flat
    assert squash("Ответственный представитель подрядчика") in flat
    assert squash("представителя производителя работ") not in flat
    assert squash("представитель производителя работ") not in flat


def test_344_annex3_kk_names_the_contractors_representative(printed):
    flat = squash(printed["text"]["certificate_kk"])
    assert squash("техникалық персонал - мердігер өкілінің басшылығымен келесі мерзімге:") in flat
    assert squash("Мердігердің жауапты өкілі") in flat


@pytest.mark.parametrize(("language", "column5"), [
    ("ru", "Допуск разрешаю – допускающий к работе в смене"),
    ("kk", "Жұмысқа рұқсат беремін – ауысымдағы жұмысқа рұқсат беруші"),
])
def test_344_item12_column5_is_the_admitting_person_in_the_shift(printed, language, column5):
    assert FORM_WORDING[language]["item12_permitted"] == column5
    assert squash(column5) in squash(printed["text"][f"permit_{language}"])
    if language == "ru":
        assert squash("допускающий к работе в смену") not in squash(printed["text"]["permit_ru"])


# --- What happened, in the past tense --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_344_cl25_printed_permit_records_the_termination_in_the_past_tense(printed, language):
    flat = squash(printed["text"][f"permit_{language}"])
    assert squash(TERMINATED[language]) in flat
    assert squash(TERMINATE_BUTTON[language]) not in flat


@pytest.mark.parametrize("language", LANGUAGES)
def test_344_cl25_permit_page_history_records_the_termination_in_the_past_tense(client, site, clock, language):
    permit = site.in_progress(crew=1)
    services.permit_terminate(permit=permit, by=site.admitting.user, reason="discrepancy", note="Gas line live",
                              credentials=PW)
    with translation.override(language):
        html = text(as_user(client, site.issuer).get(reverse("permits:detail", args=[permit.pk])))
    history = html[html.index('id="timeline"'):]
    # Both the signature and the ledger's event of the act read as what happened.
    assert history.count(TERMINATED[language]) >= 2
    assert TERMINATE_BUTTON[language] not in html


def test_every_act_has_its_own_past_tense_record_label():
    """Every act of a permit, of a certificate and of emergency work says what happened, apart from its button."""
    assert set(DONE_LABELS) == set(Act)
    with translation.override("en"):
        for declaration in (*ACTS.values(), *CERTIFICATE_ACTS.values(), *EMERGENCY_ACTS.values()):
            assert declaration.done_label, declaration.code
            assert str(declaration.done) != str(declaration.label), declaration.code
        assert done_label(Act.TERMINATE) == "Work terminated, permit withdrawn (344 cl.25)"
        assert done_label("not_an_act") == "not_an_act"
    with translation.override("ru"):
        assert done_label(Act.TERMINATE) == "Работы прекращены, наряд-допуск изъят (Приказ 344, п. 25)"


# --- The QR code opens the live permit at SITE_URL -------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_qr_code_opens_the_live_permit_at_site_url(printed, language):
    url = PUBLIC + printed[f"path_{language}"]
    assert printed[f"path_{language}"].startswith(f"/{language}/")
    reader = PdfReader(io.BytesIO(printed[f"permit_{language}"]))
    wanted = _expected_qr_segments(url)
    pages_with_code = [page for page in reader.pages
                       if wanted <= _qr_segments(page.get_contents().get_data().decode("latin-1"))]
    assert len(pages_with_code) == 2  # one per copy (344 cl.5)
    for page in pages_with_code:
        links = [a.get_object().get("/A", {}).get("/URI") for a in page.get("/Annots", [])]
        assert url in links
    assert "127.0.0.1" not in printed["text"][f"permit_{language}"]
