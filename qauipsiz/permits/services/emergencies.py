"""Emergency work (344 cl.12): recorded at once and done under the accident elimination plan; once the direct threat is
eliminated, the rest needs a permit. Two declared acts (`acts.EMERGENCY_ACTS`) performed through `qauipsiz.acts`."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from qauipsiz.accounts.policy import ORGANISATION_WIDE, grants_of
from qauipsiz.acts.perform import perform
from qauipsiz.acts.refusals import ActionRefused

from ..acts import EMERGENCY_ACTS, EmergencyAct
from ..choices import EmergencyStatus
from ..models import EmergencyWork
from .common import _log, _now


def _reaches(grant, emergency: EmergencyWork, *, recorded: bool) -> bool:
    if grant.organisation_id != emergency.organisation_id:
        return False
    # Recording one is open to the organisation's roles wherever it happens (an accident does not wait for the right
    # division's head); acting on a recorded one follows the division scope of the grant.
    if not recorded or grant.role in ORGANISATION_WIDE or grant.division_id is None:
        return True
    return emergency.division.path.startswith(grant.division.path)


class EmergencyActs:
    """The emergencies' answers to `perform()`: no signatures, a role of the organisation records them."""

    def lock(self, emergency, declaration):
        if emergency.pk is None:
            return emergency  # being recorded: nothing to lock yet
        return EmergencyWork.objects.select_for_update(no_key=True, of=("self",)).select_related("division").get(pk=emergency.pk)

    def gate(self, user, declaration, emergency) -> str:
        if getattr(user, "is_superuser", False):
            role = "superuser"
        else:
            roles = [g.role for g in grants_of(user)
                     if g.role in declaration.roles and _reaches(g, emergency, recorded=emergency.pk is not None)]
            if not roles:
                raise PermissionDenied(_("You are not allowed to record emergency work here."))
            role = roles[0]
        if declaration.sources and emergency.status not in declaration.sources:
            raise ActionRefused(_("The direct threat was already recorded as eliminated."))
        return role

    def signer_person(self, emergency, name):
        raise LookupError("emergency work has no co-signer")

    def signer_person_id(self, record, name):
        return self.signer_person(record, name)

    def signer_role(self, emergency, person) -> str:
        raise LookupError("emergency work has no co-signer")

    def content(self, emergency, declaration, subject) -> dict:
        raise LookupError("emergency acts are not signed")

    def sign_scope(self, emergency):
        raise LookupError("emergency acts are not signed")

    def notify(self, emergency, declaration, notice) -> None:
        raise LookupError("emergency acts declare no notices")


EMERGENCIES = EmergencyActs()


def emergency_start(*, by, emergency: EmergencyWork) -> EmergencyWork:
    """Localisation and elimination of an accident: recorded now, done without a permit under the accident plan."""
    def guard(context):
        for field in ("division", "leader", "facility"):
            value = getattr(emergency, field)
            if value is not None and value.organisation_id != emergency.organisation_id:
                raise ValidationError({field: _("This belongs to another organisation.")})

    def change(context):
        emergency.status = EmergencyStatus.UNDER_WAY
        emergency.full_clean()
        emergency.save()
        _log(by=by, role=context.role, event="started", obj=emergency)
        return emergency

    return perform(EMERGENCY_ACTS[EmergencyAct.START], domain=EMERGENCIES, record=emergency, by=by, guard=guard,
                   change=change)


def emergency_threat_eliminated(*, by, emergency: EmergencyWork, at: datetime.datetime | None = None) -> EmergencyWork:
    """From now on the remaining work on the accident and its consequences needs a permit (344 cl.12)."""
    def guard(context):
        moment = at or _now()
        if moment > _now() or moment < context.record.started_at:
            raise ValidationError({"at": _("The time must lie between the start of the emergency work and now.")})
        context.values["at"] = moment

    def change(context):
        emergency = context.record
        emergency.status, emergency.threat_eliminated_at = EmergencyStatus.THREAT_ELIMINATED, context.values["at"]
        emergency.save(update_fields=["status", "threat_eliminated_at"])
        _log(by=by, role=context.role, event="threat_eliminated", obj=emergency)
        return emergency

    return perform(EMERGENCY_ACTS[EmergencyAct.THREAT_ELIMINATED], domain=EMERGENCIES, record=emergency, by=by,
                   guard=guard, change=change)
