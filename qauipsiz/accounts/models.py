import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import AccessKind, Role


class User(AbstractUser):
    """A login. The person behind it (IIN, division, employer) is `core.Person`, linked by `person.user`."""

    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, blank=True)
    # Second factor (TOTP, RFC 6238). The secret is set once the user has proved their authenticator shows it.
    totp_secret = models.CharField(_("authenticator secret"), max_length=64, blank=True)
    totp_enabled_at = models.DateTimeField(_("second factor enabled"), null=True, blank=True)
    totp_last_step = models.BigIntegerField(default=0, editable=False)  # a code is accepted once only
    # A PIN to sign with instead of the password (a Django password hash of it, never the PIN itself).
    signing_pin = models.CharField(_("signing PIN"), max_length=128, blank=True, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="user_email_unique_ci",
                                    violation_error_message=_("Another user already has this e-mail address.")),
        ]


class RoleGrant(models.Model):
    """A role a user holds in one organisation, optionally limited to a division subtree or a contractor."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="grants")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE,
                                     related_name="grants")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    division = models.ForeignKey("core.Division", verbose_name=_("division"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="grants",
                                 help_text=_("Limits the role to this division and everything under it."))
    contractor = models.ForeignKey("core.Contractor", verbose_name=_("contractor"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="grants")
    # 315 cl.3: an official's access rests on the head's order; once the appointment ends (its last day passed, or it
    # was revoked) the grant gives nothing (`policy.grants_of`). PROTECT: appointments are never deleted.
    appointment = models.ForeignKey("core.Appointment", verbose_name=_("appointment"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="grants",
                                    help_text=_("The role lasts as long as this appointment."))
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(condition=~Q(role=Role.CONTRACTOR_REP) | Q(contractor__isnull=False),
                                   name="contractor_rep_needs_contractor",
                                   violation_error_message=_("A contractor representative needs the contractor.")),
            models.CheckConstraint(condition=~Q(role=Role.DIVISION_HEAD) | Q(division__isnull=False),
                                   name="division_head_needs_division",
                                   violation_error_message=_("A division head needs the division.")),
            # Coalesce: an empty division or contractor counts as one value, so the same grant cannot be made twice.
            models.UniqueConstraint(F("user"), F("organisation"), F("role"), Coalesce(F("division"), Value(0)),
                                    Coalesce(F("contractor"), Value(0)), name="role_grant_unique",
                                    violation_error_message=_("This user already has this role.")),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class SecretKey:
    """A key shown once and kept only as its SHA-256 (API tokens, kiosk links): `PREFIX` tells the kinds apart."""

    PREFIX = ""

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"


class ApiToken(SecretKey, models.Model):
    """A personal API token. Only its SHA-256 is stored; the key is shown once, when it is created."""

    PREFIX = "qz_"

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("begins with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]



class AccessEvent(models.Model):
    """Who logged in or failed to, and who exported, printed or looked at records outside their own division.

    The head of the organisation and production-control officials read this log (315 cl.25: restricted access).
    """

    at = models.DateTimeField(_("time"), db_index=True)
    kind = models.CharField(_("event"), max_length=20, choices=AccessKind.choices)
    user = models.ForeignKey(User, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="access_events")
    username = models.CharField(_("username entered"), max_length=254, blank=True)
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="access_events")
    object_type = models.CharField(_("record type"), max_length=100, blank=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=300, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "kind", "at"]), models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.username}"


class SigningFailure(models.Model):
    """One wrong password or PIN given to sign, or to change the signing PIN (`accounts.lockout`).

    In the database, so that every worker and every server counts the same failures: a count in each process's memory
    let a third of the guesses through each of three workers."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+")
    failed_at = models.DateTimeField(_("failed"), default=timezone.now)

    class Meta:
        verbose_name = _("wrong signing password or PIN")
        verbose_name_plural = _("wrong signing passwords and PINs")
        indexes = [models.Index(fields=["user", "failed_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.failed_at:%Y-%m-%d %H:%M:%S}"
