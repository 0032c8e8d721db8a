"""The people of production control: appointing an official of the service by the head's order, and ending the
appointment (315 cl.3).

cl.3: production control is exercised by the officials of the service appointed by an order of the head of the
organisation. The appointment gives the appointee, when they have a login, the access of their function (cl.25) through
a grant tied to it (`RoleGrant.appointment`); once the appointment ends, or is revoked, the grant gives nothing
(`accounts.policy.grants_of`), so the access ends with the order's effect, without anyone having to remember it.

Only the head of the organisation, its first head and its system administrator appoint and end appointments.
Every change is recorded in the organisation's ledger in the same transaction.
"""

import datetime

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.policy import forget_grants, grants_of
from qauipsiz.core.models import Appointment, Division, HazardousFacility, Person
from qauipsiz.ledger import services as ledger

from ..selectors import ACCESS_OF, SERVICE_ROLES, is_first_head

APPOINTERS = frozenset({Role.HEAD, Role.FIRST_HEAD, Role.SYSADMIN})


def appointing_role(user, organisation) -> str:
    """The role in which `user` appoints in `organisation` ("" when they may not): cl.3, the head's order."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return "superuser"
    for grant in grants_of(user):
        if grant.organisation_id == organisation.pk and grant.role in APPOINTERS:
            return grant.role
    return Role.FIRST_HEAD.value if is_first_head(user, organisation) else ""


def may_appoint(user, organisation) -> bool:
    return bool(appointing_role(user, organisation))


def _require_appointer(by, organisation) -> str:
    role = appointing_role(by, organisation)
    if not role:
        raise PermissionDenied(_("Only the head of the organisation, its first head or its system administrator "
                                 "appoints the officials of production control."))
    return role


def _check_scope(organisation, person: Person, divisions, facilities) -> None:
    errors = {}
    if person.organisation_id != organisation.pk:
        errors["person"] = _("Choose a person of the same organisation.")
    elif not person.is_active:
        errors["person"] = _("The person's record is deactivated.")
    elif person.contractor_id is not None:
        errors["person"] = _("A contractor's employee cannot be an official of the organisation's production control.")
    if any(d.organisation_id != organisation.pk for d in divisions):
        errors["divisions"] = _("Choose divisions of the same organisation.")
    if any(f.organisation_id != organisation.pk for f in facilities):
        errors["facilities"] = _("Choose facilities of the same organisation.")
    if errors:
        raise ValidationError(errors)


def _tie_grant(*, by, role: str, appointment: Appointment) -> None:
    """Give the appointee's login the access of the function, tied to the appointment: a grant of the same role that
    the login already holds (given by hand, or by an earlier order) is tied to this order from now on."""
    user = appointment.person.user
    if user is None:
        return
    RoleGrant = apps.get_model("accounts", "RoleGrant")
    access_role = ACCESS_OF[appointment.role]
    organisation = appointment.organisation
    grant = (RoleGrant.objects.select_for_update(no_key=True)
             .filter(user=user, organisation=organisation, role=access_role, division__isnull=True,
                     contractor__isnull=True).first())
    if grant is None:
        grant = RoleGrant(user=user, organisation=organisation, role=access_role, appointment=appointment)
        grant.full_clean()
        grant.save()
        ledger.append(organisation_id=organisation.pk, by=by, action="accounts.rolegrant.granted", obj=grant,
                      role=role)
        if organisation.pk not in ledger.chains_recording(user):
            ledger.append(organisation_id=organisation.pk, by=by, action="accounts.user.joined", obj=user, role=role)
    else:
        grant.appointment = appointment
        grant.save(update_fields=["appointment"])
        ledger.append(organisation_id=organisation.pk, by=by, action="accounts.rolegrant.tied", obj=grant, role=role)
    forget_grants(user)


@transactions.atomic
def appoint(*, by, organisation, person: Person, role: str, order_number: str, order_date: datetime.date,
            valid_from: datetime.date, valid_until: datetime.date | None = None, whole_organisation: bool = False,
            divisions=(), facilities=()) -> Appointment:
    """Appoint `person` to a function of the production-control service by the head's order (315 cl.3).

    The order's number and date, the period, the divisions and the facilities it covers are kept; the person's login,
    if any, gets the access of the function for as long as the appointment lasts."""
    acting = _require_appointer(by, organisation)
    if role not in SERVICE_ROLES:
        raise ValidationError({"role": _("Choose a function of the production-control service.")})
    divisions, facilities = list(divisions), list(facilities)
    person = Person.objects.select_for_update(no_key=True, of=("self",)).select_related("user").get(pk=person.pk)
    _check_scope(organisation, person, divisions, facilities)
    if not whole_organisation and not divisions:
        raise ValidationError({"divisions": _("Choose the divisions the appointment covers, or the whole "
                                              "organisation.")})
    appointment = Appointment(organisation=organisation, person=person, role=role, order_number=order_number.strip(),
                              order_date=order_date, valid_from=valid_from, valid_until=valid_until,
                              whole_organisation=whole_organisation)
    appointment.full_clean()
    appointment.save()
    appointment.divisions.set(divisions)
    appointment.facilities.set(facilities)
    ledger.append(organisation_id=organisation.pk, by=by, action="core.appointment.created", obj=appointment,
                  role=acting)
    _tie_grant(by=by, role=acting, appointment=appointment)
    return appointment


@transactions.atomic
def end_appointment(*, by, appointment: Appointment, last_day: datetime.date, reason: str) -> Appointment:
    """End an appointment of the service on its `last_day` (the order that relieves the official, 315 cl.3), with the
    reason. From the next day the access it gave is gone; the appointment itself stays, with what it covered."""
    current = (Appointment.objects.select_for_update(no_key=True, of=("self",)).select_related("organisation", "person")
               .get(pk=appointment.pk))
    acting = _require_appointer(by, current.organisation)
    reason = (reason or "").strip()
    if current.role not in SERVICE_ROLES:
        raise ValidationError(_("Only appointments of the production-control service are ended here."))
    if not current.is_active:
        raise ValidationError(_("The appointment was revoked already."))
    errors = {}
    if not reason:
        errors["reason"] = _("Say why the appointment ends.")
    if last_day < current.valid_from:
        errors["last_day"] = _("The last day cannot be before the appointment begins.")
    elif current.valid_until is not None and last_day > current.valid_until:
        errors["last_day"] = _("The appointment ends on its own earlier; choose a day not after its end.")
    if errors:
        raise ValidationError(errors)
    current.valid_until = last_day
    current.end_reason = reason[:500]
    current.full_clean()
    current.save(update_fields=["valid_until", "end_reason", "updated_at"])
    ledger.append(organisation_id=current.organisation_id, by=by, action="core.appointment.ended", obj=current,
                  role=acting)
    if current.person.user_id:
        forget_grants(current.person.user)
    return current


def covered_choices(organisation):
    """The divisions and the facilities of the organisation an order may cover."""
    return (Division.objects.filter(organisation=organisation, is_active=True),
            HazardousFacility.objects.filter(organisation=organisation, is_active=True))
