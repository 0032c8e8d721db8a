"""Reference data typed in by users in up to three languages.

A record stores `<field>_kk`, `<field>_ru` and `<field>_en`; pages show the one in the reader's language and fall back to
Kazakh, then Russian, then English, so that a record entered in one language only is never shown blank.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGE_ORDER = ("kk", "ru", "en")


def current_language() -> str:
    code = (get_language() or "kk").split("-")[0]
    return code if code in LANGUAGE_ORDER else "kk"


def pick_translation(obj, field: str, language: str | None = None) -> str:
    language = language or current_language()
    for code in (language, *LANGUAGE_ORDER):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""


KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def language_of(text: str) -> str:
    """The language a text given without one is most likely in: Kazakh when it has a letter only Kazakh writes,
    Russian when it is otherwise Cyrillic, English when it is neither."""
    if any(ch in KAZAKH_LETTERS for ch in text):
        return "kk"
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        return "ru"
    return "en"


def translated_fields(field: str) -> list[str]:
    return [f"{field}_{code}" for code in LANGUAGE_ORDER]


def search_translations(field: str, text: str) -> Q:
    query = Q()
    for name in translated_fields(field):
        query |= Q(**{f"{name}__icontains": text})
    return query


class TranslatedNameModel(models.Model):
    """Abstract: a name in Kazakh, Russian and English; at least one is required."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return pick_translation(self, "name")

    def clean(self):
        super().clean()
        if not any(getattr(self, f, "").strip() for f in translated_fields("name")):
            raise ValidationError({"name_kk": _("Enter the name in at least one language.")})

    def __str__(self) -> str:
        return self.name
