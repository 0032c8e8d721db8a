"""What every printed form writes the same way: dates and times, the dash of an empty item, the textual signature mark,
the page label, the QR code of a record's page.

Times print in the plant's local time (settings.TIME_ZONE), whatever time zone a request has activated: a paper copy
must read the same whoever prints it. Dates are dd.mm.yyyy and times 24-hour in every language, as on Kazakh official
documents.
"""

import io

import segno
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz.formats import local_datetime
from qauipsiz.ledger.models import CmsVerdict, SignatureMethod

DASH = "\u2014"  # 344 cl.5: "in the columns that do not require filling, a dash is put"
HASH_SHORT = 12  # characters of a SHA-256 printed beside a signature or an attachment
DATE_FORMAT = "%d.%m.%Y"


def when(value) -> str:
    """A moment as printed: local time, dd.mm.yyyy HH:MM; empty when there is none."""
    return local_datetime(value)


def day(value) -> str:
    """A date as printed, dd.mm.yyyy; empty when there is none."""
    return value.strftime(DATE_FORMAT) if value else ""


def span(start, end) -> str:
    """"start – end" of a period; an open period prints its start and an open end."""
    return f"{when(start)} – {when(end) if end else '…'}"


def printed_at() -> str:
    return when(timezone.now())


def person_line(person, *, workplace: bool = False) -> str:
    """Surname, first name, patronymic, [organisation, site/workshop,] position: the order of the forms' hints."""
    if person is None:
        return ""
    parts = [person.full_name]
    if workplace:
        parts.append(person.contractor.name if person.contractor_id else person.organisation.name)
        if person.division_id:
            parts.append(person.division.name)
    if person.position:
        parts.append(person.position)
    return ", ".join(parts)


def or_dash(text) -> str:
    """The value, or the dash that closes an empty item so that nothing can be written in afterwards."""
    return str(text) if text not in (None, "") else DASH


def method_label(signature) -> str:
    if signature.method == SignatureMethod.CMS:
        return _("ЭЦП, verified") if signature.cms_status == CmsVerdict.VALID else _("ЭЦП, not verified")
    if signature.method == SignatureMethod.PIN:
        return _("PIN")
    return _("password")


def signature_role(signature) -> str:
    return str(signature.get_competence_role_display() if signature.competence_role else signature.role_label)


def signature_mark(signature) -> str:
    """The textual mark that stands for a handwritten signature on the printed copy: who, in which role, when, how,
    and the start of the SHA-256 of what was signed."""
    if signature is None:
        return ""
    return _("Signed electronically: %(name)s, %(role)s, %(when)s, %(method)s, SHA-256 %(hash)s") % {
        "name": signature.signer_name, "role": signature_role(signature), "when": when(signature.signed_at),
        "method": method_label(signature), "hash": signature.content_hash[:HASH_SHORT]}


def page_label() -> str:
    """"Page %(number)s of %(total)s" in the active language; the template puts the numbers in (per copy)."""
    return _("Page %(number)s of %(total)s")


def qr_svg(url: str) -> str:
    """A QR code of `url` as SVG text: drawn here, fetched from nowhere.

    Always a full QR code, never a Micro QR (which segno picks for short texts and most phone cameras cannot read),
    with the standard quiet zone; no size of its own, so the template sets its printed size.
    """
    buffer = io.BytesIO()
    segno.make_qr(url, error="m").save(buffer, kind="svg", omitsize=True, dark="#000", light="#fff", xmldecl=False)
    return buffer.getvalue().decode()


def user_label(user) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return person.full_name if person is not None else (user.get_full_name() or user.get_username())
