"""The archive of permits of work during which an accident or an injury happened (344 cl.15 ¶2): "апаттарды немесе
жазатайым оқиғаларды тергеп-тексеру жөніндегі материалдармен бірге ұйымның архивінде сақталады" — such a permit is
kept with the investigation materials, not for the year of cl.14-15.

It is kept by a permanent hold of the ledger (`qauipsiz.ledger.retention`): retention never purges a held record, and
a permanent hold is never released. Two things set it: terminating the work for an emergency (cl.25, set by
`permit_terminate` at once), and linking the permit to an accident record (`permit_link_accident`, which the
production-control register of accidents calls).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.ledger import retention
from qauipsiz.ledger.models import Hold

from ..models import Permit


def archive_holds(permit: Permit):
    """The permanent holds that keep the permit in the archive (cl.15 ¶2)."""
    return retention.active_holds(permit).filter(permanent=True)


def hold_for_emergency(*, permit: Permit, by, role: str, note: str) -> Hold:
    """Set by `permit_terminate` when the reason is an emergency (344 cl.25), inside its act: the admitting person who
    terminates holds the permit in the archive, in the role he terminated it in."""
    reason = _("The work was terminated because an emergency arose (344 cl.25): the permit is kept in the archive "
               "with the investigation materials (344 cl.15).")
    if note.strip():
        reason = f"{reason} {note.strip()}"
    return retention.hold_set(by=by, obj=permit, kind=Hold.Kind.INVESTIGATION, reason=reason, permanent=True,
                              act_role=role)


@transactions.atomic
def permit_link_accident(*, permit: Permit, by, accident: str, reason: str) -> Hold:
    """Link the permit to the record of an accident or an injury during its work (344 cl.15 ¶2): a permanent hold that
    names the accident record (`accident`: its reference, e.g. "Accident No. 3/2026"), set by the head, a
    production-control official or a system administrator. Linking the same accident again returns the hold it set."""
    accident = accident.strip()
    if not accident:
        raise ValidationError({"accident": _("Name the accident record.")})
    if permit.number is None:
        raise ValidationError(_("A draft permit had no work: only an issued permit is linked to an accident."))
    existing = archive_holds(permit).filter(reference=accident).first()
    if existing is not None:
        return existing
    return retention.hold_set(by=by, obj=permit, kind=Hold.Kind.INVESTIGATION, reason=reason, reference=accident,
                              permanent=True)
