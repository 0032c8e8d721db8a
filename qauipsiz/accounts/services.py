"""Account actions: users and their roles, API tokens, the remembered language, the signing PIN."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.ledger import services as ledger

from .choices import Role
from .lockout import clear_credential_failures, locked_minutes, record_credential_failure
from .models import ApiToken, RoleGrant, User
from .pins import make_pin
from .policy import DIVISION_SCOPED, forget_grants, grants_of, roles_of


@transactions.atomic
def token_create(*, user: User, name: str, valid_days: int | None = None) -> tuple[ApiToken, str]:
    """Create a personal API token; returns the record and the key, which is never shown again."""
    key = ApiToken.new_key()
    expires = timezone.now() + datetime.timedelta(days=valid_days) if valid_days else None
    token = ApiToken.objects.create(user=user, name=name.strip(), key_hash=ApiToken.hash_key(key),
                                    hint=key[:8], expires_at=expires)
    return token, key


@transactions.atomic
def token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update(no_key=True).get(pk=token.pk)
    if token.user_id != user.pk:
        raise PermissionDenied(_("You can only revoke your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(key: str) -> User | None:
    """The active user a usable token belongs to, or None. Records when the token was last used."""
    if not key or not key.startswith(ApiToken.PREFIX):
        return None
    token = ApiToken.objects.usable().select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None:
        return None
    now = timezone.now()
    # Once a minute is enough to answer "is this token still in use?" without a write on every request.
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


SIGNING_PIN_PATTERN = re.compile(r"\d{4,8}")


def _guessable_pin(pin: str) -> bool:
    """One digit repeated (0000) or a straight run up or down (1234, 9876): the first PINs anyone tries."""
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    return len(steps) == 1 and steps <= {-1, 0, 1}


@transactions.atomic
def set_signing_pin(*, user: User, password: str, pin: str) -> None:
    """Set or change the PIN the user may sign with instead of their password; the password confirms it is them.

    Only a hash is kept, like the password's. Wrong passwords count towards the same lockout as wrong ones given to
    sign, so this page cannot be used to guess the password either.
    """
    user = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    minutes = locked_minutes(user)
    if minutes:
        raise ValidationError({"password": [_("too many wrong passwords or PINs: try again in %(minutes)s minutes")
                                            % {"minutes": minutes}]})
    if not user.check_password(password):
        record_credential_failure(user)
        raise ValidationError({"password": _("The password is not correct.")})
    clear_credential_failures(user)
    pin = (pin or "").strip()
    if not SIGNING_PIN_PATTERN.fullmatch(pin):
        raise ValidationError({"pin": _("The PIN must be 4 to 8 digits.")})
    if _guessable_pin(pin):
        raise ValidationError({"pin": _("This PIN is too easy to guess: avoid repeated digits and runs like 1234.")})
    User.objects.filter(pk=user.pk).update(signing_pin=make_pin(pin))


def remember_language(*, user: User, language: str) -> None:
    if user.is_authenticated and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language


def language_after_login(*, user: User, page_language: str, switched: bool) -> str:
    """The language the system opens in once the user has logged in (issue 11): the one switched to on the way in
    (the login page's, now saved on the account), otherwise the one saved on the account; an account with none
    takes the login page's."""
    if switched or not user.language:
        remember_language(user=user, language=page_language)
    return user.language


# --- Users and roles ---------------------------------------------------------------------------------------------------

USER_MANAGERS = frozenset({Role.HEAD, Role.SYSADMIN})


def may_manage_users(by: User, organisation) -> bool:
    """The head of the organisation and its system administrators manage its users and their roles."""
    return by.is_superuser or bool(roles_of(by, organisation) & USER_MANAGERS)


def managed_organisations(by: User):
    # The register's organisations, reached through the model a grant points to: accounts sits below the register.
    Organisation = RoleGrant._meta.get_field("organisation").related_model
    if by.is_superuser:
        return Organisation.objects.filter(is_active=True)
    return Organisation.objects.filter(pk__in={g.organisation_id for g in grants_of(by) if g.role in USER_MANAGERS})


def managed_users(by: User):
    """Users who hold a role in, or are a person of, an organisation `by` manages."""
    if by.is_superuser:
        return User.objects.all()
    organisations = managed_organisations(by)
    return User.objects.filter(Q(grants__organisation__in=organisations) | Q(person__organisation__in=organisations)
                               ).distinct()


def _manager_role(by: User, organisation) -> str:
    return _manager_role_in(by, organisation.pk)


def _manager_role_in(by: User, organisation_id: int) -> str:
    if by.is_superuser:
        return "superuser"
    return next((g.role for g in grants_of(by) if g.organisation_id == organisation_id and g.role in USER_MANAGERS),
                "")


def _require_manager(by: User, organisation) -> None:
    if not may_manage_users(by, organisation):
        raise PermissionDenied(_("Only the head of the organisation or a system administrator may manage its users."))


@transactions.atomic
def user_create(*, by: User, organisation, username: str, email: str, first_name: str, last_name: str,
                password: str, language: str = "", person=None) -> User:
    _require_manager(by, organisation)
    if person is not None and person.organisation_id != organisation.pk:
        raise ValidationError({"person": _("Choose a person of the same organisation.")})
    if person is not None and person.user_id:
        raise ValidationError({"person": _("This person already has a user account.")})
    user = User(username=username.strip(), email=email.strip(), first_name=first_name, last_name=last_name,
                language=language)
    user.set_password(password)
    user.full_clean()
    user.save()
    if person is not None:
        type(person).objects.filter(pk=person.pk).update(user=user)
        person.user = user
        # The person's record now links to the account: the ledger keeps that change too.
        ledger.append(organisation_id=organisation.pk, by=by, action="core.person.changed", obj=person,
                      role=_manager_role(by, organisation))
    ledger.append(organisation_id=organisation.pk, by=by, action="accounts.user.created", obj=user,
                  role=_manager_role(by, organisation))
    return user


@transactions.atomic
def role_grant(*, by: User, user: User, organisation, role: str, division=None, contractor=None) -> RoleGrant:
    _require_manager(by, organisation)
    if division is not None and division.organisation_id != organisation.pk:
        raise ValidationError({"division": _("Choose a division of the same organisation.")})
    if contractor is not None and contractor.organisation_id != organisation.pk:
        raise ValidationError({"contractor": _("Choose a contractor of the same organisation.")})
    if role != Role.CONTRACTOR_REP:
        contractor = None
    if role not in DIVISION_SCOPED:
        division = None
    grant = RoleGrant(user=user, organisation=organisation, role=role, division=division, contractor=contractor)
    grant.full_clean()
    grant.save()
    ledger.append(organisation_id=organisation.pk, by=by, action="accounts.rolegrant.granted", obj=grant,
                  role=_manager_role(by, organisation))
    if organisation.pk not in ledger.chains_recording(user):
        # Now in this organisation's books: its chain gets the account's state to check it against.
        ledger.append(organisation_id=organisation.pk, by=by, action="accounts.user.joined", obj=user,
                      role=_manager_role(by, organisation))
    forget_grants(user)
    return grant


@transactions.atomic
def role_revoke(*, by: User, grant: RoleGrant) -> None:
    grant = RoleGrant.objects.select_for_update(no_key=True).get(pk=grant.pk)
    _require_manager(by, grant.organisation)
    if grant.user_id == by.pk and grant.role in USER_MANAGERS and not by.is_superuser and not RoleGrant.objects.filter(
            user=by, organisation=grant.organisation, role__in=USER_MANAGERS).exclude(pk=grant.pk).exists():
        raise ValidationError(_("You cannot remove your own last right to manage users."))
    ledger.append(organisation_id=grant.organisation_id, by=by, action="accounts.rolegrant.revoked", obj=grant,
                  gone=True, role=_manager_role(by, grant.organisation))
    grant.delete()
    forget_grants(grant.user)


def user_recorded(*, by, user: User, action: str) -> None:
    """Record the account's state (`accounts.user`, checked by `verify`) in every organisation's chain that holds it
    or in whose books it is now: where it holds a role or is the account of a person. In the caller's transaction."""
    user = User.objects.get(pk=user.pk)  # as stored, whatever the caller's copy holds
    members = set(RoleGrant.objects.filter(user=user).values_list("organisation_id", flat=True))
    person = getattr(user, "person", None)
    if person is not None:
        members.add(person.organisation_id)
    for organisation_id in sorted(members | ledger.chains_recording(user)):
        ledger.append(organisation_id=organisation_id, by=by, action=action, obj=user,
                      role=_manager_role_in(by, organisation_id) if by is not None and by != user else "")


def record_every_account() -> None:
    """Every account's state in the chain of each organisation whose books it is in (the migration that put accounts in
    the checked state runs this once; see accounts/migrations/0007)."""
    for user in User.objects.filter(Q(grants__isnull=False) | Q(person__isnull=False)).distinct().order_by("pk"):
        user_recorded(by=None, user=user, action="accounts.user.recorded")


def grants_saved_in_admin(*, by: User, user: User, saved: list, deleted: list) -> None:
    """Role grants a superuser added, changed or removed in Django's admin, ledgered as `role_grant` and `role_revoke`
    ledger theirs (in the admin's transaction)."""
    for grant in deleted:
        ledger.append(organisation_id=grant.organisation_id, by=by, role="superuser", action="accounts.rolegrant.revoked",
                      obj=grant, gone=True)
        grant.delete()
    for grant in saved:
        created = grant.pk is None
        grant.save()
        ledger.append(organisation_id=grant.organisation_id, by=by, role="superuser", obj=grant,
                      action="accounts.rolegrant.granted" if created else "accounts.rolegrant.changed")
    forget_grants(user)


@transactions.atomic
def user_password_changed(*, user: User) -> None:
    """The owner changed the password (the digest of its hash is in the checked state)."""
    user_recorded(by=user, user=user, action="accounts.user.password_changed")


@transactions.atomic
def user_set_active(*, by: User, user: User, active: bool) -> User:
    user = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    if not managed_users(by).filter(pk=user.pk).exists() or user.is_superuser and not by.is_superuser:
        raise PermissionDenied(_("You are not allowed to manage this user."))
    if user.pk == by.pk and not active:
        raise ValidationError(_("You cannot deactivate your own account."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    user_recorded(by=by, user=user, action="accounts.user.reactivated" if active else "accounts.user.deactivated")
    return user
