"""`{{ content|readable_content }}`: the signed content as labelled lines (see `qauipsiz.acts.readable`)."""

from django import template
from django.db.models import Model

from qauipsiz.acts.readable import readable
from qauipsiz.ledger.signatures import signing_content

register = template.Library()


@register.filter
def readable_content(value) -> list:
    if value in (None, ""):
        return []
    return readable(signing_content(value) if isinstance(value, Model) else value)
