"""The gatekeeper: who may see and do what, for every type of record.

Two tables decide everything:
- `SCOPES` says, per model, how a record reaches its organisation, division and contractor;
- `PERMISSIONS` says, per role, which actions it has on which models.

A user's grants are combined with OR. Each grant contributes the records of its organisation, narrowed to the grant's
division subtree (division-scoped roles) or to the grant's contractor (contractor representatives). The head of the
organisation and production-control officials see the whole organisation (315 cl.25). Nobody sees another organisation.

`visible_to(user, Model)` and `permitted(user, action, Model)` return querysets; `can(user, action, obj)` asks whether one
record is in that queryset. Lists, detail pages, search, exports and the API all go through these three functions.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model, Prefetch, Q, QuerySet
from django.utils import timezone

from qauipsiz.domains import domains, generation

from .choices import Action, Role

# 315 cl.25: the head and the production-control officials have general access; the service's head, the person
# responsible for production control and the first head are of the same standing.
ORGANISATION_WIDE = frozenset({Role.HEAD, Role.FIRST_HEAD, Role.PC_OFFICIAL, Role.PC_SERVICE_HEAD, Role.PC_RESPONSIBLE,
                               Role.AUDITOR, Role.SYSADMIN})
DIVISION_SCOPED = frozenset({Role.DIVISION_HEAD, Role.PERMIT_ISSUER, Role.ADMITTING_PERSON, Role.RESPONSIBLE_MANAGER,
                             Role.WORK_PERFORMER, Role.CREW_MEMBER})


@dataclass(frozen=True)
class Scope:
    """How a record of one model reaches the things a grant is limited to (Django lookup paths)."""

    organisation: str
    division: str | None = None  # path to a Division; "" when the model is Division itself
    contractor: str | None = None  # path to a Contractor; "pk" when the model is Contractor itself
    shared: bool = False  # organisation-wide reference data every role of the organisation may read
    builtin_when_unowned: bool = False  # records without an organisation are built-ins everyone may read


SCOPES: dict[str, Scope] = {
    "core.organisation": Scope(organisation="pk", shared=True),
    "core.division": Scope(organisation="organisation", division=""),
    "core.hazardousfacility": Scope(organisation="organisation", division="division"),
    "core.location": Scope(organisation="organisation", division="facility__division"),
    "core.buildingstructure": Scope(organisation="organisation", division="facility__division"),
    "core.technicaldevice": Scope(organisation="organisation", division="facility__division"),
    "core.contractor": Scope(organisation="organisation", contractor="pk"),
    "core.person": Scope(organisation="organisation", division="division", contractor="contractor"),
    "core.training": Scope(organisation="organisation", division="person__division", contractor="person__contractor"),
    "core.appointment": Scope(organisation="organisation", division="person__division",
                              contractor="person__contractor"),
    "core.trainingtype": Scope(organisation="organisation", shared=True, builtin_when_unowned=True),
    "core.roletrainingrequirement": Scope(organisation="organisation", shared=True),
    # The national library (acts of no organisation) is read by everyone and changed by the superuser only.
    "core.legalact": Scope(organisation="organisation", shared=True, builtin_when_unowned=True),
    "core.legalactclause": Scope(organisation="act__organisation", shared=True, builtin_when_unowned=True),
    "core.clauseedition": Scope(organisation="clause__act__organisation", shared=True, builtin_when_unowned=True),
}

REGISTER = tuple(SCOPES)
MANAGE = frozenset({Action.VIEW, Action.ADD, Action.CHANGE, Action.DEACTIVATE})
VIEW = frozenset({Action.VIEW})


def _table(default: frozenset, **overrides: frozenset) -> dict[str, frozenset]:
    table = dict.fromkeys(REGISTER, default)
    table.update({f"core.{name}": actions for name, actions in overrides.items()})
    return table


# Organisations themselves are created by the installation's superuser; within one, its head and system
# administrators edit its details.
PERMISSIONS: dict[str, dict[str, frozenset]] = {
    Role.SYSADMIN: _table(MANAGE, organisation=VIEW | {Action.CHANGE}),
    Role.HEAD: _table(MANAGE, organisation=VIEW | {Action.CHANGE}),
    Role.PC_OFFICIAL: _table(MANAGE, organisation=VIEW),
    Role.FIRST_HEAD: _table(VIEW),
    Role.PC_SERVICE_HEAD: _table(MANAGE, organisation=VIEW),
    Role.PC_RESPONSIBLE: _table(MANAGE, organisation=VIEW),
    Role.DIVISION_HEAD: _table(VIEW, division=MANAGE, person=MANAGE, training=MANAGE, location=MANAGE,
                               buildingstructure=MANAGE, technicaldevice=MANAGE),
    # A contractor keeps its own staff's records; everything else it may only read, and only what is its own.
    Role.CONTRACTOR_REP: _table(VIEW, person=MANAGE, training=MANAGE),
    Role.AUDITOR: _table(VIEW),
    Role.PERMIT_ISSUER: _table(VIEW),
    Role.ADMITTING_PERSON: _table(VIEW),
    Role.RESPONSIBLE_MANAGER: _table(VIEW),
    Role.WORK_PERFORMER: _table(VIEW),
    Role.CREW_MEMBER: _table(VIEW),
}


def register_scope(key: str, scope: Scope, actions_by_role: dict[str, frozenset]) -> None:
    """Put one record type under this gatekeeper. The domains give theirs as `scopes` in `register_domain(...)`."""
    SCOPES[key] = scope
    for role in Role:
        PERMISSIONS[role][key] = frozenset(actions_by_role.get(role, frozenset()))


_synced_generation = -1


def _sync_registered() -> None:
    """Take in the scopes registered since the last look (apps become ready after accounts, so it cannot be done once
    at start-up); a registration replaces the earlier entry of the same record type."""
    global _synced_generation
    if _synced_generation == generation():
        return
    for domain in domains():
        for key, grant in domain.scopes.items():
            register_scope(key, grant.scope, dict(grant.actions_by_role))
    _synced_generation = generation()


def scope_of(key: str) -> Scope | None:
    """How records of the model labelled `key` reach their organisation, division and contractor."""
    _sync_registered()
    return SCOPES.get(key)


def actions_of(role: str, key: str) -> frozenset:
    """What `role` may do with records of the model labelled `key`."""
    _sync_registered()
    return PERMISSIONS.get(role, {}).get(key, frozenset())


def model_key(model: type[Model] | Model) -> str:
    return model._meta.label_lower


# Where `grants_of` keeps a user's grants; `grants_prefetch` fills it for many users at once.
_GRANTS_CACHE = "_qauipsiz_grants"


def live_grants_q(day=None) -> Q:
    """Grants that give access on `day` (default today): those of no appointment, and those whose appointment is
    active and in its period (315 cl.3: an official's access lasts as long as the head's order appointing them)."""
    day = day or timezone.localdate()
    return Q(appointment__isnull=True) | (
        Q(appointment__is_active=True, appointment__valid_from__lte=day)
        & (Q(appointment__valid_until__isnull=True) | Q(appointment__valid_until__gte=day)))


def _grants(queryset):
    # The appointment is joined in the same query: the grants of a request stay one query.
    return (queryset.select_related("division", "organisation").filter(organisation__is_active=True)
            .filter(live_grants_q()))


def grants_of(user):
    """The user's role grants, loaded once per user object (one query per request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _GRANTS_CACHE, None)
    if cached is None:
        cached = list(_grants(user.grants.all()))
        setattr(user, _GRANTS_CACHE, cached)
    return cached


def grants_prefetch(path: str = "grants") -> Prefetch:
    """The grants `grants_of` reads, prefetched for many users in one query (`path` reaches the users' grants, e.g.
    "user__grants" from people): a page that asks what several people may do then queries nothing per person."""
    RoleGrant = apps.get_model("accounts", "RoleGrant")
    return Prefetch(path, queryset=_grants(RoleGrant.objects.all()), to_attr=_GRANTS_CACHE)


def forget_grants(user) -> None:
    user.__dict__.pop(_GRANTS_CACHE, None)


def roles_of(user, organisation=None) -> set[str]:
    return {g.role for g in grants_of(user) if organisation is None or g.organisation_id == organisation.pk}


def _join(path: str, field: str) -> str:
    return f"{path}__{field}" if path else field


def _grant_q(grant, scope: Scope) -> Q | None:
    """The records of one model that one grant reaches, or None when it reaches none."""
    org_lookup = "pk" if scope.organisation == "pk" else f"{scope.organisation}__pk"
    query = Q(**{org_lookup: grant.organisation_id})
    if grant.role in ORGANISATION_WIDE or scope.shared:
        return query
    if grant.role == Role.CONTRACTOR_REP:
        if scope.contractor is None:
            return None
        return query & Q(**{scope.contractor if scope.contractor == "pk" else f"{scope.contractor}__pk":
                            grant.contractor_id})
    # Division-scoped roles: the grant's division subtree; without a division the role covers the organisation.
    if grant.division_id is None or scope.division is None:
        return query
    return query & Q(**{_join(scope.division, "path__startswith"): grant.division.path})


def grant_covers(grant, obj: Model) -> bool:
    """Does this one grant reach this saved record (whatever actions its role has)? For a domain's gate, which needs
    the role the user acts in, not only that some grant lets them see the record."""
    scope = scope_of(model_key(obj))
    if scope is None:
        return False
    query = _grant_q(grant, scope)
    return query is not None and type(obj)._default_manager.filter(query, pk=obj.pk).exists()


def scope_q(user, action: str, model: type[Model]) -> Q | None:
    """A filter for the records of `model` on which `user` may perform `action`; None when there are none."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    key = model_key(model)
    scope = scope_of(key)
    if scope is None:
        return None
    combined = None
    grants = grants_of(user)
    if scope.builtin_when_unowned and action == Action.VIEW and grants:
        combined = Q(**{f"{scope.organisation}__isnull": True})
    for grant in grants:
        if action not in actions_of(grant.role, key):
            continue
        part = _grant_q(grant, scope)
        if part is not None:
            combined = part if combined is None else combined | part
    return combined


def permitted(user, action: str, model: type[Model], queryset: QuerySet | None = None) -> QuerySet:
    queryset = model._default_manager.all() if queryset is None else queryset
    query = scope_q(user, action, model)
    if query is None:
        return queryset.none()
    # No scope path crosses a to-many relation, so the filter never duplicates rows.
    return queryset.filter(query)


def visible_to(user, model: type[Model], queryset: QuerySet | None = None) -> QuerySet:
    return permitted(user, Action.VIEW, model, queryset)


def can(user, action: str, obj: Model) -> bool:
    """May `user` perform `action` on this saved record?"""
    query = scope_q(user, action, type(obj))
    if query is None:
        return False
    return type(obj)._default_manager.filter(query, pk=obj.pk).exists()


def may_act_on_type(user, action: str, model: type[Model]) -> bool:
    """Does the user hold any role that allows `action` on this type at all (to show or hide buttons)?"""
    return scope_q(user, action, model) is not None


def organisation_for_adding(user, model: type[Model], pk):
    """The organisation `pk` in which `user` adds a record of `model`: 404 when the user has no part in it, 403 when
    they do but may not add such records there (a refused write answers 403, an unknown record 404)."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    Organisation = apps.get_model("core", "Organisation")
    try:
        pk = int(pk or 0)
    except (TypeError, ValueError):
        raise Http404 from None
    organisation = organisations_for(user, Action.ADD, model).filter(pk=pk).first()
    if organisation is not None:
        return organisation
    if visible_to(user, Organisation).filter(pk=pk).exists():
        raise PermissionDenied
    raise Http404


def organisations_for(user, action: str, model: type[Model]) -> QuerySet:
    """Organisations in which the user may perform `action` on `model` (choices for new records)."""
    Organisation = apps.get_model("core", "Organisation")
    if getattr(user, "is_superuser", False):
        return Organisation.objects.filter(is_active=True)
    key = model_key(model)
    ids: Iterable[int] = {g.organisation_id for g in grants_of(user)
                          if action in actions_of(g.role, key)}
    return Organisation.objects.filter(pk__in=ids, is_active=True)


def acting_role(user, action: str, model: type[Model], organisation_id: int) -> str:
    """The role under which `user` performs `action` in the organisation, as the ledger records it."""
    if getattr(user, "is_superuser", False):
        return "superuser"
    key = model_key(model)
    for grant in grants_of(user):
        if grant.organisation_id == organisation_id and action in actions_of(grant.role, key):
            return grant.role
    return ""
