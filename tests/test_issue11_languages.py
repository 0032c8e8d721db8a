"""Issue 11 ("Times, names and language"): Django's own messages in our catalogue, job titles in the reader's language,
numbers with the reader's decimal separator. The pages themselves are read in Chromium by
tests/browser/test_issue11_visible_text.py."""

import ast
import importlib
from decimal import Decimal
from pathlib import Path

import django
import polib
import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core.i18n import language_of
from qauipsiz.core.models import Person
from qauipsiz.core.resources import RESOURCES
from qauipsiz.formats import plain_number
from tests import factories as f

MODULE = Path(__file__).resolve().parent.parent / "qauipsiz" / "core" / "django_messages.py"
DJANGO = Path(django.__file__).resolve().parent


def named_msgids() -> list[str]:
    """The msgids qauipsiz/core/django_messages.py names, read as makemessages reads them."""
    found = []
    for node in ast.walk(ast.parse(MODULE.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {"gettext_noop", "ngettext_lazy"}:
            found.append(node.args[0].value)
    return found


def test_issue11_django_messages_are_djangos_own_msgids():
    """A msgid that differs from Django's by one character (a straight apostrophe) would never be looked up."""
    django_msgids = set()
    for catalogue in ("conf/locale", "contrib/auth/locale"):
        django_msgids |= {e.msgid for e in polib.pofile(str(DJANGO / catalogue / "ru" / "LC_MESSAGES" / "django.po"))}
    named = named_msgids()
    assert len(named) > 30
    assert [m for m in named if m not in django_msgids] == []


def test_issue11_our_catalogue_is_searched_before_djangos(settings):
    """LOCALE_PATHS comes before every app's locale, so an entry of ours overrides Django's own."""
    assert [Path(importlib.import_module("qauipsiz").__file__).parent / "locale"] == settings.LOCALE_PATHS


@pytest.mark.parametrize(("language", "expected"), [
    ("kk", "Дұрыс пайдаланушы аты мен құпиясөзді енгізіңіз"),
    ("ru", "введите правильные имя пользователя и пароль"),
])
def test_issue11_failed_login_speaks_the_readers_language(client, db, language, expected):
    with translation.override(language):
        url = reverse("accounts:login")
    response = client.post(url, {"username": "nobody", "password": "wrong password"})
    text = response.content.decode()
    assert expected in text
    assert "Please enter a correct" not in text


@pytest.mark.parametrize(("language", "expected"), [
    ("kk", "Құпиясөз кемінде 10 таңбадан тұруы керек."),
    ("ru", "Пароль должен содержать не менее 10 символов."),
])
def test_issue11_password_validators_speak_the_readers_language(client, db, language, expected):
    client.force_login(f.user(Role.HEAD, f.organisation()))
    with translation.override(language):
        url = reverse("accounts:password_change")
    response = client.post(url, {"old_password": "wrong", "new_password1": "123", "new_password2": "123"})
    text = response.content.decode()
    assert expected in text
    assert "Your password" not in text
    assert "This password" not in text


def test_issue11_job_title_in_the_readers_language_with_fallback(db):
    org = f.organisation()
    both = f.person(org, position_kk="слесарь-жөндеуші", position_ru="слесарь-ремонтник")
    russian_only = f.person(org, last_name="Петров", position_ru="мастер")
    with translation.override("kk"):
        assert (both.position, russian_only.position) == ("слесарь-жөндеуші", "мастер")
    with translation.override("ru"):
        assert both.position == "слесарь-ремонтник"
    with translation.override("en"):
        assert both.position == "слесарь-жөндеуші"  # no English: Kazakh first, then Russian


def test_issue11_a_title_given_without_its_language_goes_to_the_one_it_is_written_in(db):
    person = Person(position="Аға оператор")
    assert (person.position_kk, person.position_ru, person.position_en) == ("Аға оператор", "", "")
    person = Person(position="Инженер")
    assert (person.position_kk, person.position_ru) == ("", "Инженер")
    assert Person(position="Engineer").position_en == "Engineer"
    assert [language_of(t) for t in ("Өрт сөндіруші", "Мастер", "Foreman", "")] == ["kk", "ru", "en", "en"]


def test_issue11_migration_sorts_the_one_title_kept_so_far():
    migration = importlib.import_module("qauipsiz.core.migrations.0005_person_position_languages")
    assert [migration.language_of(t) for t in ("Бөлім бастығы", "Начальник цеха", "Head of shop")] == ["kk", "ru", "en"]


def test_issue11_lists_of_translated_names_have_a_translated_column_header():
    header = RESOURCES["facilities"].columns[1].header(RESOURCES["facilities"].model)
    with translation.override("kk"):
        assert str(header) == "атауы"
    with translation.override("ru"):
        assert str(header) == "название"


@pytest.mark.parametrize(("language", "expected"), [("kk", "1,25|52|0,5|—"), ("ru", "1,25|52|0,5|—"),
                                                   ("en", "1.25|52|0.5|—")])
def test_issue11_numbers_use_the_readers_decimal_separator(language, expected):
    template = Template("{% load qauipsiz %}{{ a|number }}|{{ b|number }}|{{ c|cell }}|{{ d|number }}")
    with translation.override(language):
        rendered = template.render(Context({"a": Decimal("1.2500"), "b": Decimal("52.0000"), "c": Decimal("0.500000"),
                                            "d": None}))
        assert plain_number(Decimal("5.0")) == "5"
    assert rendered == expected
