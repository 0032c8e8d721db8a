"""The control room's wall board (issue 11): a kiosk link reads one organisation's live board of permits and nothing
else. A model of the permits app in its own module so that `models.py` stays readable; `models` imports it.

It is not an account and opens no session: the wall screen keeps showing the board however the sessions of the people
who set it up end. Only the SHA-256 of its key is stored (as `accounts.ApiToken`); the link is shown once."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from qauipsiz.accounts.models import SecretKey


class KioskLink(SecretKey, models.Model):
    """A secret link to the organisation's board of open permits for a wall screen, read-only, revocable."""

    # Not the API token's `qz_`: neither key is ever taken for the other, even before the hash is looked up.
    PREFIX = "qzk_"

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE,
                                     related_name="kiosk_links")
    name = models.CharField(_("name"), max_length=100, help_text=_("Where the screen is, e.g. \"Control room 2\"."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("begins with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey("accounts.User", verbose_name=_("created by"), null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey("accounts.User", verbose_name=_("revoked by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("kiosk link")
        verbose_name_plural = _("kiosk links")
        ordering = ["-created_at", "-id"]
