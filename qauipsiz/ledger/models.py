"""The append-only ledger: the electronic "laced and numbered" book of legally significant events.

One hash chain per organisation. Each entry records who did what to which record, when, and the record's content at
that moment as canonical JSON; its hash covers all of that and the previous entry's hash, so that altering, removing,
inserting or re-ordering any entry breaks the chain visibly (315 cl.24-25; 344 cl.5, cl.14-15). The database refuses
UPDATE and DELETE on entries (triggers in migration 0002), and `qauipsiz verify` recomputes everything.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class ChainHead(models.Model):
    """The last entry of an organisation's chain. Appending locks this row, so writers queue and never fork."""

    organisation = models.OneToOneField("core.Organisation", verbose_name=_("organisation"), primary_key=True,
                                        on_delete=models.PROTECT, related_name="chain_head")
    seq = models.PositiveBigIntegerField(_("last entry number"), default=0)
    entry_hash = models.CharField(_("last entry hash"), max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("chain head")
        verbose_name_plural = _("chain heads")


class LedgerEntry(models.Model):
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="ledger_entries")
    seq = models.PositiveBigIntegerField(_("number"))
    recorded_at = models.DateTimeField(_("recorded at"))
    action = models.CharField(_("action"), max_length=100)
    actor_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    actor_person = models.ForeignKey("core.Person", verbose_name=_("person"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    actor_role = models.CharField(_("role"), max_length=50, blank=True)
    actor_name = models.CharField(_("name at the time"), max_length=300, blank=True)
    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=300, blank=True)
    content = models.TextField(_("content (canonical JSON)"))
    content_hash = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["organisation_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["organisation", "seq"], name="ledger_seq_unique")]
        indexes = [
            models.Index(fields=["object_type", "object_id", "seq"]),
            models.Index(fields=["organisation", "recorded_at"]),
            models.Index(fields=["organisation", "action"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class NumberSeries(models.Model):
    """A gapless register numbering per organisation, register and year (the numbered pages of a paper book).

    The counter is taken with the row locked inside the transaction that creates the numbered record, so a rollback
    returns the number and two writers never get the same one.
    """

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="number_series")
    register = models.CharField(_("register"), max_length=50)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")
        constraints = [models.UniqueConstraint(fields=["organisation", "register", "year"],
                                               name="number_series_unique")]

    def __str__(self) -> str:
        return f"{self.register} {self.year}: {self.last_number}"


class Digest(models.Model):
    """The head of an organisation's chain on a day, kept here and sent out of the system (printed, e-mailed,
    optionally time-stamped): a later `verify` proves that the history up to it was not rewritten."""

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="ledger_digests")
    created_at = models.DateTimeField(_("created"))
    seq = models.PositiveBigIntegerField(_("last entry number"))
    entry_hash = models.CharField(_("last entry hash"), max_length=64)
    tsa_url = models.CharField(_("time-stamping service"), max_length=300, blank=True)
    tsa_token = models.BinaryField(_("time-stamp token (RFC 3161)"), blank=True, default=b"")
    tsa_time = models.DateTimeField(_("time-stamped at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ledger digest")
        verbose_name_plural = _("ledger digests")
        ordering = ["organisation_id", "-created_at"]
        indexes = [models.Index(fields=["organisation", "created_at"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.entry_hash}"

    @property
    def text(self) -> str:
        """The line that is printed, e-mailed and time-stamped."""
        return f"qauipsiz-digest org={self.organisation_id} seq={self.seq} hash={self.entry_hash}"
