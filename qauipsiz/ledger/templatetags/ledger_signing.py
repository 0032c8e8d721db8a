"""Template filters for the signing fields: the exact text signed, and the base64 that NCALayer is given."""

from django import template

from qauipsiz.ledger.signatures import signing_content, signing_content_base64

register = template.Library()


@register.filter
def signing_text(value) -> str:
    """The canonical JSON text of a dict or record; text is taken as already canonical."""
    if value in (None, ""):
        return ""
    return value if isinstance(value, str) else signing_content(value)


@register.filter
def signing_base64(value) -> str:
    if value in (None, ""):
        return ""
    return signing_content_base64(value)
