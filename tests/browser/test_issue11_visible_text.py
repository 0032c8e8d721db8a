"""Issue 11: the Kazakh and Russian pages have no English left. Chromium visits every main page (home, the permits,
a permit in several states, My tasks, the board, the register's lists and forms, logging in, the password change with
its errors, the API tokens) in kk and in ru, reads what a reader sees (document.body.innerText) and fails on Latin
words that are not codes, units, the product's name or text typed in by users.

The records' own texts typed by users (a person's name, the place of work) are taken out before looking: they are shown
as typed. A name kept in several languages is not: its English form must not show on a kk or ru page.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone, translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core.services import record_update
from tests import factories as f
from tests.permits.conftest import PASSWORD, builtin_work_type, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Latin words a kk or ru page may show: the product, codes and standards, units, formats, the language switch.
ALLOWED = {
    "Qauipsiz", "English", "PDF", "XLSX", "CSV", "QR", "API", "PIN", "TOTP", "NCALayer", "ppm", "CSRF", "DEBUG",
    "True", "cookie", "same-origin", "Asia", "Almaty", "Swagger", "OpenAPI", "JSON", "ID", "ISO", "UTC", "GOST",
    "CMS", "HTTP", "URL", "SHA", "KK", "RU", "EN",
    # The API tokens page shows the header a program sends, as it is typed: "Authorization: Bearer <token>".
    "Authorization", "Bearer", "token",
    # The test settings' toy domain (tests/toydomain) puts its menu and home panel on every page.
    "Toy", "toy", "domain", "records", "panel",
}
ROMAN = re.compile(r"[IVX]+")
LATIN_WORD = re.compile(r"(?<![\w/.@-])[A-Za-z][A-Za-z’'-]*[A-Za-z](?![\w/.@-])")
# The apps whose records hold what users typed in.
USER_DATA_APPS = ("core", "permits", "accounts")


def typed_texts() -> set[str]:
    """Every text of a record as a user typed it, except the English form of a name also kept in kk or ru."""
    texts = set()
    for label in USER_DATA_APPS:
        for model in apps.get_app_config(label).get_models():
            fields = [fl for fl in model._meta.concrete_fields
                      if isinstance(fl, models.CharField | models.TextField) and not fl.choices]
            for row in model._default_manager.all():
                for fl in fields:
                    value = getattr(row, fl.attname) or ""
                    if fl.name.endswith("_en"):
                        base = fl.name[:-3]
                        if getattr(row, f"{base}_kk", "") or getattr(row, f"{base}_ru", ""):
                            continue
                    if len(value) >= 3:
                        texts.add(value)
    return texts


def english_in(text: str, typed: set[str]) -> list[str]:
    """The English words of the text, each with the line it is on, so that a failure says where to look."""
    for value in sorted(typed, key=len, reverse=True):
        text = text.replace(value, " ")
    found = {}
    for line in text.splitlines():
        for word in LATIN_WORD.findall(line):
            if word not in ALLOWED and not ROMAN.fullmatch(word):
                found.setdefault(word, line.strip()[:120])
    return [f"{word}: {line}" for word, line in sorted(found.items())]


@pytest.fixture
def plant(language):
    """The site, worked in the language of the pages read: the history names each record as the ledger kept it, in the
    language of the person who acted (the services' own text), so records made by a test in English would read as
    English in any page."""
    with translation.override(language):
        return _plant()


def _plant():
    site = make_site("Ertis refinery")
    builtin_work_type("hot")
    for record, kk, ru in ((site.org, "Ертіс МӨЗ", "Ертисский НПЗ"), (site.division, "№2 цех", "Цех № 2"),
                           (site.facility, "Шикізат қондырғысы", "Сырьевая установка")):
        record.name_kk, record.name_ru = kk, ru
        record_update(by=f.superuser(), instance=record)
    for person, kk, ru in ((site.issuer, "цех бастығының орынбасары", "заместитель начальника цеха"),
                           (site.performer, "слесарь", "слесарь")):
        person.position_kk, person.position_ru = kk, ru
        record_update(by=f.superuser(), instance=person)
    now = timezone.now()
    window = {"planned_start": now - datetime.timedelta(minutes=5), "planned_end": now + datetime.timedelta(days=2)}
    permits = {"draft": site.draft(**window), "issued": site.issued(**window)}
    prepared = site.issued(**window)
    site.sample(prepared, value="1.25", limit="5.5")
    permits["sampled"] = prepared
    permits["in_progress"] = site.in_progress(**window)
    return site, permits, f.user(Role.HEAD, site.org)


def pages(permits) -> list[str]:
    register = ["people", "divisions", "facilities", "devices", "contractors", "trainings", "appointments",
                "training-types", "legal-acts"]
    return [
        "", "permits/", "permits/tasks/", "permits/board/", "permits/register/",
        "permits/work-types/", "permits/certificates/", "permits/emergencies/",
        *[f"permits/{permit.pk}/" for permit in permits.values()],
        *[f"register/{slug}/" for slug in register],
        "register/people/new/", "register/devices/new/", "register/trainings/new/",
        "accounts/password/", "accounts/tokens/", "accounts/signing-pin/",
    ]


def read(page, path: str) -> str:
    response = page.goto(path)
    assert response is not None and response.status == 200, (path, response and response.status)
    # A page that swaps itself in (htmx) may not have its body yet when goto returns: read it once it is there.
    return body_text(page)


def body_text(page) -> str:
    page.wait_for_selector("body")
    return page.evaluate("document.body.innerText")


def submitted(page) -> str:
    """The text of the page a form's submission leads to: read before the navigation ends, the body is null."""
    with page.expect_navigation():
        page.locator("button.primary[type=submit]").click()
    return body_text(page)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_issue11_no_english_on_the_kazakh_and_russian_pages(page, login, plant, language):
    site, permits, head = plant
    found = {}
    typed = typed_texts()
    login(head)
    for path in pages(permits):
        words = english_in(read(page, f"/{language}/{path}"), typed)
        if words:
            found[path] = words

    # The issuer's own pages: drawing up a permit, and his tasks.
    page.context.clear_cookies()
    login(site.issuer.user)
    for path in ("permits/new/", "permits/tasks/", *[f"permits/{permit.pk}/" for permit in permits.values()]):
        words = english_in(read(page, f"/{language}/{path}"), typed)
        if words:
            found[f"{path} (issuer)"] = words

    # The password change with the validators' errors, and a failed login: Django's own messages.
    page.goto(f"/{language}/accounts/password/")
    page.locator("#id_old_password").fill("wrong password")
    page.locator("#id_new_password1").fill("1234567")
    page.locator("#id_new_password2").fill("7654321")
    words = english_in(submitted(page), typed)
    if words:
        found["accounts/password/ (errors)"] = words
    page.context.clear_cookies()
    words = english_in(read(page, f"/{language}/accounts/login/"), typed)
    if words:
        found["accounts/login/"] = words
    page.locator("#id_username").fill(head.username)
    page.locator("#id_password").fill("not the " + PASSWORD)
    words = english_in(submitted(page), typed)
    if words:
        found["accounts/login/ (error)"] = words

    assert not found, f"English on the {language} pages: {found}"


@pytest.mark.parametrize(("language", "value", "unit"), [("kk", "1,25", "мг/м³"), ("ru", "1,25", "мг/м³"),
                                                         ("en", "1.25", "mg/m³")])
def test_issue11_air_samples_in_the_readers_numbers_and_units(page, login, plant, language, value, unit):
    site, permits, head = plant
    login(head).goto(f"/{language}/permits/{permits['sampled'].pk}/")
    row = page.locator("[data-sample] [data-value]").first.inner_text()
    assert row.replace("\xa0", " ") == f"{value} {unit}"
    assert Decimal("1.25") == permits["sampled"].air_samples.get().value
