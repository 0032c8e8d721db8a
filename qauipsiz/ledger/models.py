"""The append-only ledger: the electronic "laced and numbered" book of legally significant events.

One hash chain per organisation. Each entry records who did what to which record, when, and the record's content at
that moment as canonical JSON; its hash covers all of that and the previous entry's hash, so that altering, removing,
inserting or re-ordering any entry breaks the chain visibly (315 cl.24-25; 344 cl.5, cl.14-15). The database refuses
UPDATE and DELETE on entries (triggers in migration 0002), and `qauipsiz verify` recomputes everything.

Signatures (`Signature`, written by `signatures.sign`) are kept here too: append-only like the entries, each with the
ledger entry that recorded it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import CompetenceRole

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
    # The hash of every entry since the chain's previous digest, as [seq, hash] pairs: where a rewrite is caught at
    # this digest's entry, `verify` names the first entry that no longer has the hash the digest covered.
    covers = models.JSONField(_("entries covered"), default=list, blank=True)

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


class SignatureMethod(models.TextChoices):
    PASSWORD = "password", _("password")
    PIN = "pin", _("signing PIN")
    CMS = "cms", _("qualified electronic signature (ЭЦП)")


class CmsVerdict(models.TextChoices):
    """What the server found when it checked a qualified electronic signature (blank for a password or PIN)."""

    VALID = "valid", _("verified")
    NOT_VERIFIED = "not_verified", _("not verified")


class Signature(models.Model):
    """One signature: who signed what, in which role, when, how, and exactly which content (344 cl.5, cl.10).

    The signed record is named, not linked: the signature must outlive a later purge of the record. The row is never
    changed after it is written (triggers in migration 0005 refuse UPDATE and DELETE), and its whole content is
    repeated in its ledger entry, so `qauipsiz verify` notices a row altered past the triggers.

    The key is a UUID made before the row is written: the ledger entry that records the signature must name it, and
    the signature must point to that entry, without either row being updated afterwards.
    """

    id = models.UUIDField(_("ID"), primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="signatures")
    signed_at = models.DateTimeField(_("signed at"))
    signer_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT,
                                    related_name="signatures")
    signer_person = models.ForeignKey("core.Person", verbose_name=_("person"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="signatures")
    signer_name = models.CharField(_("signer's name at the time"), max_length=300)
    role = models.CharField(_("role"), max_length=50, blank=True)
    competence_role = models.CharField(_("signed as"), max_length=30, blank=True,
                                       choices=CompetenceRole.choices)
    competence = models.JSONField(_("competence at the time"), default=dict, blank=True)
    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=300, blank=True)
    purpose = models.CharField(_("what was signed"), max_length=100)
    content = models.TextField(_("signed content (canonical JSON)"))
    content_hash = models.CharField(_("SHA-256 of the signed content"), max_length=64)
    method = models.CharField(_("signed with"), max_length=10, choices=SignatureMethod.choices)
    cms = models.BinaryField(_("CMS signature"), blank=True, default=b"")
    cms_status = models.CharField(_("signature check"), max_length=20, blank=True, choices=CmsVerdict.choices)
    cms_reasons = models.JSONField(_("signature check remarks"), default=list, blank=True)
    certificate_subject = models.TextField(_("certificate subject"), blank=True)
    certificate_serial = models.CharField(_("certificate serial number"), max_length=100, blank=True)
    certificate_iin = models.CharField(_("IIN in the certificate"), max_length=12, blank=True)
    certificate_not_before = models.DateTimeField(_("certificate valid from"), null=True, blank=True)
    certificate_not_after = models.DateTimeField(_("certificate valid until"), null=True, blank=True)
    ledger_entry = models.OneToOneField(LedgerEntry, verbose_name=_("ledger entry"), on_delete=models.PROTECT,
                                        related_name="signature")

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["organisation", "signed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.signer_name}: {self.purpose} {self.object_type}:{self.object_id}"

    @property
    def short_hash(self) -> str:
        return self.content_hash[:12]

    @property
    def role_label(self) -> str:
        """The access role in the reader's language; a role this version does not know is shown as stored."""
        return Role(self.role).label if self.role in Role.values else self.role


class Hold(models.Model):
    """A hold that keeps a record from being purged: an accident or incident investigation (344 cl.15) or a legal hold.

    A hold is set and released by services that write the ledger; a released hold stays as history. A permanent
    hold is never released.
    """

    class Kind(models.TextChoices):
        INVESTIGATION = "investigation", _("Accident or incident investigation")
        LEGAL = "legal", _("Legal hold")

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="holds")
    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    reference = models.CharField(_("reference (investigation, case)"), max_length=300, blank=True)
    # Set by the law rather than by a decision: never released (344 cl.15 ¶2, permits of work with an accident stay
    # in the archive with the investigation materials).
    permanent = models.BooleanField(_("permanent"), default=False)
    set_at = models.DateTimeField(_("set"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.PROTECT,
                               related_name="+")
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("released by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    release_reason = models.TextField(_("reason for release"), blank=True)

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        ordering = ["-set_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "released_at"]),
                   models.Index(fields=["organisation", "released_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.object_repr}"


class Tombstone(models.Model):
    """What is left of a purged record: enough to show in the ledger's place that it existed and was purged lawfully.

    The record's ledger entries stay (the chain must verify); its rows are gone. Append-only like the ledger.
    """

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="tombstones")
    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=300)
    summary = models.JSONField(_("summary"), default=dict)
    last_content_hash = models.CharField(_("hash of the last snapshot"), max_length=64)
    purged_at = models.DateTimeField(_("purged"))
    purged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("purged by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("legal basis"))

    class Meta:
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")
        ordering = ["-purged_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["object_type", "object_id"], name="tombstone_once")]

    def __str__(self) -> str:
        return self.object_repr
