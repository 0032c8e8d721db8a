import datetime
from decimal import Decimal

from django import template
from django.conf import settings
from django.db.models import Manager, Model
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from qauipsiz.formats import local_datetime, plain_number

register = template.Library()

DASH = "—"


@register.filter
def cell(value):
    """Render one value of a list or detail page. Empty values show a dash, as on the paper forms."""
    if value is None or value == "":
        return DASH
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.date):
        return local_datetime(value)
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, Manager):
        return ", ".join(str(v) for v in value.all()) or DASH
    return value


@register.filter
def number(value):
    """`{{ sample.value|number }}`: "1,25" in kk and ru, "1.25" in en; no trailing zeros of the column's scale."""
    return plain_number(value) or DASH


@register.filter
def local(value, precision=""):
    """`{{ moment|local }}`: "23.11.2026 09:00" in local time (qauipsiz.formats); `|local:"seconds"` to the second."""
    return local_datetime(value, seconds=precision == "seconds") or DASH


@register.simple_tag
def local_zone_name():
    """The zone the times of a page are in (settings.TIME_ZONE), for the line that says so."""
    return settings.TIME_ZONE


@register.simple_tag
def record_link(value):
    """A link to the record's page when it is a register record; the plain value otherwise."""
    from qauipsiz.core.resources import resource_for

    if isinstance(value, Model):
        resource = resource_for(type(value))
        if resource is not None:
            try:
                url = reverse("core:detail", args=[resource.slug, value.pk])
            except NoReverseMatch:
                return cell(value)
            return format_html('<a href="{}">{}</a>', url, value)
    return cell(value)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (pagination links keep the filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()
