"""Three languages: complete and current catalogues, day-first dates, the switcher, names in the reader's language."""

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from qauipsiz.accounts.choices import Role
from tests import factories as f

PACKAGE = Path(__file__).resolve().parent.parent / "qauipsiz"
LANGUAGES = ("kk", "ru")


def catalogue(language: str, root: Path = PACKAGE) -> polib.POFile:
    return polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / "django.po"))


def message_keys(po: polib.POFile) -> set:
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in po if not e.obsolete}


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language):
    po = catalogue(language)
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated in {language}: {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:10]}"
    assert len(po) > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    import re

    for entry in catalogue(language):
        wanted = set(re.findall(r"%\(\w+\)s|\{\{ ?\w+ ?\}\}", entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert set(re.findall(r"%\(\w+\)s|\{\{ ?\w+ ?\}\}", text)) == wanted, (entry.msgid, text)


def test_catalogues_are_current(tmp_path):
    """`makemessages` on the code as it is would add or remove nothing."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext (Debian package gettext) is needed to check the catalogues")
    copy = tmp_path / "qauipsiz"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run([sys.executable, "-m", "django", "makemessages", "-l", "kk", "-l", "ru", "--add-location", "file",
                    "--no-obsolete"], cwd=copy, check=True, capture_output=True, env={"PATH": "/usr/bin:/bin"})
    for language in LANGUAGES:
        assert message_keys(catalogue(language, copy)) == message_keys(catalogue(language)), (
            "the catalogues are stale: run `make messages-update` and translate what is new")


@pytest.mark.parametrize(("language", "expected"), [("kk", "05.03.2026 07:09"), ("ru", "05.03.2026 07:09"),
                                                   ("en", "05.03.2026 07:09")])
def test_dates_are_day_first_with_a_24_hour_clock(language, expected):
    moment = datetime.datetime(2026, 3, 5, 2, 9, tzinfo=datetime.UTC)  # 07:09 in Almaty
    template = Template('{{ moment|date:"SHORT_DATETIME_FORMAT" }}|{{ moment.date|date:"SHORT_DATE_FORMAT" }}')
    with translation.override(language):
        rendered = template.render(Context({"moment": moment}))
    assert rendered.startswith(expected)
    assert rendered.endswith("|05.03.2026")


def test_kazakh_input_dates_are_day_first():
    from django import forms

    with translation.override("kk"):
        field = forms.DateField(localize=True)
        assert field.clean("05.03.2026") == datetime.date(2026, 3, 5)


def test_default_language_is_kazakh(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/kk/")


def test_switcher_keeps_the_page_and_remembers_the_choice(client, db):
    org = f.organisation()
    user = f.user(Role.HEAD, org)
    client.force_login(user)
    with translation.override("kk"):
        page = reverse("core:list", args=["people"]) + "?q=abc"
    response = client.post(reverse("set_language"), {"language": "ru", "next": page})
    assert response.status_code == 302
    assert response.url == "/ru/register/people/?q=abc"
    user.refresh_from_db()
    assert user.language == "ru"
    assert client.cookies["qauipsiz_language"].value == "ru"
    html = client.get(response.url).content.decode()
    assert 'lang="ru"' in html


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_pages_render_in_each_language(client, db, language):
    org = f.organisation()
    client.force_login(f.user(Role.HEAD, org))
    with translation.override(language):
        for url in (reverse("home"), reverse("core:list", args=["people"]), reverse("core:create", args=["people"])):
            response = client.get(url)
            assert response.status_code == 200
            assert f'lang="{language}"' in response.content.decode()


def test_reference_names_follow_the_reader_with_fallback(db):
    org = f.organisation()
    both = f.division(org, "Crude unit", name_kk="Шикізат қондырғысы", name_ru="Сырьевая установка")
    kazakh_only = f.division(org, "", name_kk="Зертхана")
    with translation.override("ru"):
        assert both.name == "Сырьевая установка"
        assert kazakh_only.name == "Зертхана"
    with translation.override("kk"):
        assert both.name == "Шикізат қондырғысы"
    with translation.override("en"):
        assert both.name == "Crude unit"
        assert kazakh_only.name == "Зертхана"


def test_a_name_in_at_least_one_language_is_required(client, db):
    org = f.organisation()
    client.force_login(f.user(Role.HEAD, org))
    with translation.override("en"):
        response = client.post(reverse("core:create", args=["divisions"]), {"organisation": org.pk,
                                                                          "kind": "division"})
    assert response.status_code == 400
    assert "at least one language" in response.content.decode()
