"""The access log: recording and reading it. Who may read it: the head of the organisation and production-control
officials, for their organisation (315 cl.25)."""

from axes.helpers import get_client_ip_address
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .choices import Role
from .models import AccessEvent, RoleGrant, User
from .policy import grants_of, model_key, scope_of

LOG_READERS = frozenset({Role.HEAD, Role.PC_OFFICIAL})


def access_record(*, request, kind: str, user=None, username: str = "", organisation_id=None, obj=None,
                  object_type: str = "") -> None:
    user = user if user is not None else getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    AccessEvent.objects.create(
        at=timezone.now(), kind=kind, user=user, username=(username or getattr(user, "username", ""))[:254],
        organisation_id=organisation_id,
        object_type=obj._meta.label_lower if obj is not None else object_type,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        path=request.get_full_path()[:500] if request is not None else "",
        ip_address=get_client_ip_address(request) if request is not None else None,
        user_agent=(request.headers.get("user-agent", "") if request is not None else "")[:300],
    )


def division_of(obj):
    """The division a record belongs to, following the same paths the gatekeeper uses; None when it has none."""
    scope = scope_of(model_key(obj))
    if scope is None or scope.division is None:
        return None
    value = obj
    for step in filter(None, scope.division.split("__")):
        value = getattr(value, step, None)
        if value is None:
            return None
    return value


def is_outside_own_division(user, obj) -> bool:
    """True when the record lies in a division that is not the viewer's own (or under it)."""
    division = division_of(obj)
    if division is None:
        return False
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    own = getattr(person, "division", None)
    return own is None or not division.path.startswith(own.path)


def readable_organisations(user) -> set[int] | None:
    """Organisations whose access log `user` may read; None means all (the installation's superuser)."""
    if user.is_superuser:
        return None
    return {g.organisation_id for g in grants_of(user) if g.role in LOG_READERS}


def readable_events(user):
    organisations = readable_organisations(user)
    events = AccessEvent.objects.select_related("user", "organisation")
    if organisations is None:
        return events
    # Logins belong to no organisation: they are shown to the organisations the user works in.
    member = RoleGrant.objects.filter(user=OuterRef("user"), organisation__in=organisations)
    person = User.objects.filter(pk=OuterRef("user"), person__organisation__in=organisations)
    return events.filter(Q(organisation__in=organisations)
                         | Q(organisation__isnull=True) & (Exists(member) | Exists(person)))
