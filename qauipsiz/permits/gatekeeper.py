"""Who sees a permit and who may act on it: the one gatekeeper of permits and admission certificates.

Seeing: the account gatekeeper's scopes (organisation, division subtree, contractor), plus every permit that names the
user's person (issuer, performer, responsible manager, admitting person, approver, crew member, a performer named for
the shifts): a crew member from another division must still read the permit he was briefed on. An admitting person
replaced after issue (344 cl.29, item 12) is no longer named: the new one is.

Acting: the transition table (`acts.ACTS`) names for each action the statuses, the access roles and the
party on the permit. `check_action` raises `PermissionDenied` for a wrong role or person (403) and `ActionRefused` for
an action the permit's status does not allow (409).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz.accounts.choices import Action, Role
from qauipsiz.accounts.policy import ORGANISATION_WIDE, Scope, grants_of, scope_q
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.models import Person
from qauipsiz.domains import ScopeGrant

from .acts import MEASURE_ACTS, Act, Party, actions_from, transition
from .choices import JointStatus, NamingKind, Status
from .models import AdmissionCertificate, EmergencyWork, Extension, JointSignature, Naming, Permit
from .shifts import extension_window_open

EVERY_ROLE = frozenset(Role)
ISSUING = frozenset({Role.HEAD, Role.DIVISION_HEAD, Role.PERMIT_ISSUER, Role.CONTRACTOR_REP, Role.SYSADMIN})


def scope_grants() -> dict[str, ScopeGrant]:
    """The permits' record types under the gatekeeper, for the permits' `register_domain(...)` call."""
    view = frozenset({Action.VIEW})
    permit_roles = {role: view | ({Action.ADD} if role in ISSUING - {Role.SYSADMIN} else set()) for role in Role}
    certificate_roles = dict.fromkeys(Role, view)
    for role in (Role.HEAD, Role.DIVISION_HEAD):
        certificate_roles[role] = view | {Action.ADD}
    emergency_roles = dict.fromkeys(Role, view)
    for role in (Role.HEAD, Role.DIVISION_HEAD, Role.PC_OFFICIAL, Role.ADMITTING_PERSON):
        emergency_roles[role] = view | {Action.ADD}
    work_type_roles = {role: view | ({Action.ADD, Action.CHANGE} if role in (Role.HEAD, Role.PC_OFFICIAL, Role.SYSADMIN)
                                     else set()) for role in Role}
    return {
        "permits.permit": ScopeGrant(
            Scope(organisation="organisation", division="division", contractor="contractor"), permit_roles),
        "permits.admissioncertificate": ScopeGrant(
            Scope(organisation="organisation", division="division", contractor="contractor"), certificate_roles),
        # A kept register line (344 cl.13) is read by whoever would have read its permit through his scope.
        "permits.registerline": ScopeGrant(
            Scope(organisation="organisation", division="division", contractor="contractor"), dict.fromkeys(Role, view)),
        "permits.emergencywork": ScopeGrant(Scope(organisation="organisation", division="division"), emergency_roles),
        "permits.worktype": ScopeGrant(Scope(organisation="organisation", shared=True, builtin_when_unowned=True),
                                       work_type_roles),
        # Order 344 is silent on one person holding two parts: the organisation's management decides (cl.19).
        "permits.partspolicy": ScopeGrant(Scope(organisation="organisation"), {
            role: frozenset({Action.VIEW, Action.ADD, Action.CHANGE})
            for role in (Role.HEAD, Role.PC_OFFICIAL, Role.SYSADMIN)}),
        # The wall board's kiosk links (issue 11): the same management, who answer for who reads the board.
        "permits.kiosklink": ScopeGrant(Scope(organisation="organisation"), {
            role: frozenset({Action.VIEW, Action.ADD, Action.CHANGE})
            for role in (Role.HEAD, Role.PC_OFFICIAL, Role.SYSADMIN)}),
    }


def person_of(user):
    return getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None


def named_q(person) -> Q:
    """The permits that name the person: performer, issuer, responsible manager, admitting person, crew member,
    approver, a performer the issuer named for the shifts (`Naming`), or the performer who accepted a
    shift in an extension (344 cl.29, `Extension.accepted_by`). Those he sees
    whatever his scope; "My tasks" reads the same set."""
    named = (Q(performer=person) | Q(issuer=person) | Q(responsible_manager=person)
             | Q(pk__in=Permit.admitting_persons.through.objects.filter(person=person).values("permit_id"))
             | Q(pk__in=Naming.objects.filter(person=person, kind=NamingKind.SHIFT_PERFORMER).values("permit_id"))
             | Q(pk__in=Permit.objects.filter(crew__person=person).values("pk"))
             | Q(pk__in=Permit.objects.filter(approvals__approver=person).values("pk"))
             | Q(pk__in=Extension.objects.filter(accepted_by=person).values("permit_id")))
    return named


def visible_permits(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Permit.objects.all() if queryset is None else queryset
    query = scope_q(user, Action.VIEW, Permit)
    person = person_of(user)
    if person is not None and person.is_active:
        named = named_q(person) & Q(organisation=person.organisation_id)
        query = named if query is None else query | named
    if query is None:
        return queryset.none()
    return queryset.filter(query)


def visible_certificates(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = AdmissionCertificate.objects.all() if queryset is None else queryset
    query = scope_q(user, Action.VIEW, AdmissionCertificate)
    person = person_of(user)
    if person is not None and person.is_active:
        named = Q(shop_head=person) | Q(contractor_rep=person)
        query = named if query is None else query | named
    return queryset.none() if query is None else queryset.filter(query)


def visible_emergencies(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = EmergencyWork.objects.all() if queryset is None else queryset
    query = scope_q(user, Action.VIEW, EmergencyWork)
    return queryset.none() if query is None else queryset.filter(query)


def _grant_covers(grant, permit: Permit) -> bool:
    if grant.organisation_id != permit.organisation_id:
        return False
    if grant.role in ORGANISATION_WIDE:
        return True
    if grant.role == Role.CONTRACTOR_REP:
        return permit.contractor_id is not None and permit.contractor_id == grant.contractor_id
    if grant.division_id is None:
        return True
    paths = [permit.division.path, *(d.path for d in permit.other_divisions.all())]
    return any(path.startswith(grant.division.path) for path in paths)


def acting_roles(user, permit: Permit, roles: frozenset) -> list[str]:
    """The user's roles among `roles` whose grants reach this permit."""
    return sorted({g.role for g in grants_of(user) if g.role in roles and _grant_covers(g, permit)})


def current_performer_id(permit: Permit) -> int:
    """cl.29: on a shift schedule the performer of the latest extended shift is the responsible one."""
    last = permit.extensions.order_by("-shift_start", "-id").only("accepted_by_id").first()
    return last.accepted_by_id if last else permit.performer_id


def named_performers(permit: Permit):
    """344 cl.29: who may accept a shift in an extension (item 12): the permit's own performer and those the issuer
    named for the shifts (at drafting, or after issue by `services.permit_name_shift_performer`)."""
    return Person.objects.filter(Q(pk=permit.performer_id) | Q(pk__in=shift_performer_ids(permit)))


def shift_performer_ids(permit: Permit):
    """The people the issuer named for the shifts of `permit` (344 cl.29), as a subquery."""
    return Naming.objects.filter(permit=permit, kind=NamingKind.SHIFT_PERFORMER).values("person_id")


def is_party(person, party: str, permit: Permit, *, subject=None) -> bool:
    if person is None:
        return False
    if party in (Party.MEASURE_EXECUTOR, Party.MANAGEMENT):  # anyone of the organisation: the access role decides
        return person.organisation_id == permit.organisation_id and person.is_active
    if party == Party.ISSUER:
        return person.pk == permit.issuer_id
    if party == Party.JOINT_SIGNATORY:  # 344 cl.7: a party to a proposal of joint measures on this permit
        return JointSignature.objects.filter(signatory=person, agreement__permits=permit,
                                             agreement__status=JointStatus.PROPOSED).exists()
    if party == Party.APPROVER:
        # Named as an approver, whether he has signed yet or not: a second approval is a matter of the permit's
        # state (409, `check_action`), not of who he is (403).
        return any(a.approver_id == person.pk for a in permit.approvals.all())

    # Each fact costs a query, unless the act fetched it with the permit: asked only for the parties that need it.
    def admitting() -> bool:
        return any(p.pk == person.pk for p in permit.admitting_persons.all())

    def performer() -> bool:
        return person.pk == permit.performer_id or person.pk == current_performer_id(permit)

    if party == Party.ANYONE_ON_SITE:  # as its label says: not any person of the organisation, one named in the permit
        return person.is_active and (person.pk in (permit.issuer_id, permit.responsible_manager_id) or admitting()
                                     or performer() or permit.approvals.filter(approver=person).exists()
                                     or permit.crew.filter(person=person, removed_at__isnull=True).exists())
    return {
        Party.ADMITTING: admitting,
        Party.PERFORMER: performer,
        Party.ADMITTING_OR_PERFORMER: lambda: admitting() or performer(),
        Party.ADMITTING_OR_ISSUER: lambda: person.pk == permit.issuer_id or admitting(),
    }.get(party, lambda: False)()


def check_action(user, action: str, permit: Permit) -> str:
    """Raise unless `user` may perform `action` on `permit` now; return the access role the user acts in."""
    step = transition(action)
    if step.party == Party.SYSTEM:
        raise PermissionDenied(_("Only the system performs this action."))
    roles = acting_roles(user, permit, step.roles)
    if not roles:
        raise PermissionDenied(_("Your roles do not allow this action on this permit: %(action)s.")
                               % {"action": Act(action).label})
    if not is_party(person_of(user), step.party, permit):
        raise PermissionDenied(_("Only the %(party)s of this permit may do this: %(action)s.")
                               % {"party": Party(step.party).label.lower(), "action": Act(action).label})
    if permit.status not in step.sources:
        raise ActionRefused(_("A permit that is \"%(status)s\" does not allow this action: %(action)s.")
                            % {"status": Status(permit.status).label, "action": Act(action).label})
    if step.party == Party.APPROVER and not _approval_pending(person_of(user), permit):
        raise ActionRefused(_("You have already approved this permit (items 8, 8.1)."))
    return roles[0]


def _approval_pending(person, permit: Permit) -> bool:
    return any(a.approver_id == person.pk and a.approved_at is None for a in permit.approvals.all())


def done_already(action: str, permit: Permit, now, *, extended) -> bool:
    """Whether the permit has had the act already, for good or for the shift it is valid for, so that no page offers it
    again: the workplace is accepted once (item 10; its service refuses a second acceptance), and the extension for
    a shift is made once (item 12, 344 cl.6): extended for the shift it is valid for, the permit offers the next
    extension only when that one's window opens. `extended()` says whether an extension ends where the permit's
    validity does (a caller with the rows fetched answers it without a query)."""
    if action == Act.ACCEPT_WORKPLACE:
        return permit.accepted_at is not None
    if action == Act.EXTEND:
        return not extension_window_open(permit, now) and extended()
    return False


def available_actions(user, permit: Permit) -> list[str]:
    """The actions the user could take on the permit now (buttons to show); guards may still refuse them, but an act
    already done (`done_already`) is not shown."""
    now = timezone.now()
    result = []
    # Only the actions the status allows: the others would be refused anyway, and each check costs queries.
    for action in actions_from(permit.status):
        if action in MEASURE_ACTS and permit.status != Status.ISSUED and not any(
                m.joint_id and m.done_at is None for m in permit.measures.all()):
            continue  # after admission only a joint measure agreed since (344 cl.7) is left to sign
        try:
            check_action(user, action, permit)
        except (PermissionDenied, ActionRefused):
            continue
        if done_already(action, permit, now,
                        extended=lambda: permit.extensions.filter(shift_end=permit.valid_until).exists()):
            continue
        result.append(action)
    return result
