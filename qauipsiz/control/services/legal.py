"""Sending the notice of a change to a legal act to the workers it concerns, and their acknowledgement (315 cl.4.11).

Both are ledgered services, not signed acts. The notice is the official's information, and the acknowledgement the
worker's "I have read it": neither is a document that 315 asks to be signed, and a signing password asked of every
worker for every change would only keep them from acknowledging. Each is appended to the organisation's chain with
the person who did it, from their own session, which is what `qauipsiz verify` and an inspector check.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qauipsiz import transactions
from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.policy import grants_of
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.ledger import services as ledger
from qauipsiz.notifications.services import notify

from ..gatekeeper import KEEPERS
from ..models.legal import ChangeNotice, ChangeNoticeRecipient

NEW_WORDING = gettext_noop("A change to act No. %(act)s, cl. %(clause)s: new wording from %(date)s. Read it and "
                           "acknowledge it.")
REPEALED = gettext_noop("A change to act No. %(act)s, cl. %(clause)s: repealed from %(date)s. Read it and "
                        "acknowledge it.")


def sending_organisations(user):
    """The organisations in which `user` may send change notices (a production-control official's grant)."""
    Organisation = apps.get_model("core", "Organisation")
    if getattr(user, "is_superuser", False) and user.is_active:
        return Organisation.objects.filter(is_active=True)
    return Organisation.objects.filter(pk__in={g.organisation_id for g in grants_of(user) if g.role in KEEPERS},
                                       is_active=True)


def _sender_role(user, organisation) -> str:
    if getattr(user, "is_superuser", False):
        return "superuser"
    roles = sorted(g.role for g in grants_of(user) if g.role in KEEPERS and g.organisation_id == organisation.pk)
    if not roles:
        raise PermissionDenied(_("Only a production-control official sends notices of changes to legal acts "
                                 "(315 cl.4.11)."))
    return roles[0]


def audience(*, organisation, access_roles=(), appointment_roles=(), division=None, facility=None):
    """The organisation's active people the audience chooses: any of the roles (an access role, or a function they
    are appointed to today), in the division's subtree, at the facility (people of the facility's division)."""
    Person = apps.get_model("core", "Person")
    people = Person.objects.filter(organisation=organisation, is_active=True)
    if division is not None:
        people = people.filter(division__path__startswith=division.path)
    if facility is not None:
        people = people.filter(division__path__startswith=facility.division.path)
    if access_roles or appointment_roles:
        today = timezone.localdate()
        roles = Q(user__grants__organisation=organisation, user__grants__role__in=list(access_roles)) | Q(
            appointments__is_active=True, appointments__role__in=list(appointment_roles),
            appointments__valid_from__lte=today) & (Q(appointments__valid_until__isnull=True)
                                                     | Q(appointments__valid_until__gte=today))
        people = people.filter(pk__in=Person.objects.filter(roles).values("pk"))
    return people.order_by("last_name", "first_name", "pk")


def _check_audience(organisation, edition, access_roles, appointment_roles, division, facility) -> None:
    errors = {}
    if edition.clause.act.organisation_id not in (None, organisation.pk):
        errors["edition"] = _("Choose an edition of a national act or of the organisation's own.")
    if set(access_roles) - set(Role.values):
        errors["access_roles"] = _("Choose the roles from the list.")
    if set(appointment_roles) - set(AppointmentRole.values):
        errors["appointment_roles"] = _("Choose the functions from the list.")
    if division is not None and division.organisation_id != organisation.pk:
        errors["division"] = _("This belongs to another organisation.")
    if facility is not None and facility.organisation_id != organisation.pk:
        errors["facility"] = _("This belongs to another organisation.")
    if not (access_roles or appointment_roles or division or facility):
        errors["division"] = _("Choose whom the change concerns: roles, a division or a facility.")
    if errors:
        raise ValidationError(errors)


@transactions.atomic
def send_change_notice(*, by, organisation, edition, access_roles=(), appointment_roles=(), division=None,
                       facility=None, message: str = "") -> ChangeNotice:
    """Send the change of `edition` to the people the audience chooses; they are fixed now (315 cl.4.11)."""
    role = _sender_role(by, organisation)
    access_roles, appointment_roles = sorted(set(access_roles)), sorted(set(appointment_roles))
    _check_audience(organisation, edition, access_roles, appointment_roles, division, facility)
    people = list(audience(organisation=organisation, access_roles=access_roles, appointment_roles=appointment_roles,
                           division=division, facility=facility).select_related("user"))
    if not people:
        raise ValidationError({"division": _("Nobody works where you chose: the notice would reach no one.")})
    person = getattr(by, "person", None) if hasattr(by, "person") else None
    notice = ChangeNotice.objects.create(
        organisation=organisation, edition=edition, access_roles=access_roles, appointment_roles=appointment_roles,
        division=division, facility=facility, message=message.strip(), sent_by=by, sent_at=timezone.now(),
        sent_by_name=(person.full_name if person else (by.get_full_name() or by.username))[:300])
    recipients = ChangeNoticeRecipient.objects.bulk_create(
        [ChangeNoticeRecipient(notice=notice, organisation=organisation, person=p) for p in people])
    ledger.append(organisation_id=organisation.pk, by=by, role=role, action="control.changenotice.sent", obj=notice)
    for recipient in recipients:
        ledger.append(organisation_id=organisation.pk, by=by, role=role, action="control.changenoticerecipient.added",
                      obj=recipient)
    params = {"act": edition.clause.act.number, "clause": edition.clause.number,
              "date": edition.in_force_from.strftime("%d.%m.%Y")}
    message_id = REPEALED if edition.repealed else NEW_WORDING
    # Each worker's notice leads to their own acknowledgement, in their language; told once the notice is committed.
    told = [(r.person.user, r.get_absolute_url()) for r in recipients if r.person.user_id]

    def tell():
        for user, link in told:
            notify(users=[user], organisation_id=organisation.pk, message=message_id, params=params, link=link)

    transaction.on_commit(tell)
    return notice


@transactions.atomic
def acknowledge_change(*, by, recipient: ChangeNoticeRecipient) -> ChangeNoticeRecipient:
    """The worker's own acknowledgement that they read the change; nobody acknowledges for another."""
    current = ChangeNoticeRecipient.objects.select_for_update(no_key=True, of=("self",)).select_related("person").get(
        pk=recipient.pk)
    if current.person.user_id != by.pk:
        raise PermissionDenied(_("Only the worker the notice was sent to acknowledges it."))
    if current.acknowledged_at is not None:
        raise ValidationError(_("You have already acknowledged this change."))
    current.acknowledged_at = timezone.now()
    current.save(update_fields=["acknowledged_at"])
    ledger.append(organisation_id=current.organisation_id, by=by, role="recipient",
                  action="control.changenoticerecipient.acknowledged", obj=current)
    return current
