"""Findings of inspections (315 cl.9, cl.14, cl.4.7, cl.27.3) and the suspension of work they may lead to.

A finding records a violation: the clause edition it breaches (the edition in force on the day, which a repealed clause
no longer has), the place (facility → unit → area), the severity, the evidence, who found it and when. A failed
checklist answer becomes a finding without retyping (`answer`).

Danger to life or a risk of an accident (severity `critical`) drafts a proposal to the head to suspend the offending
work; the head chooses which live permits at the place are suspended, each through the permits' own suspension act,
or rejects the proposal, which suspends nothing. The permits stay the permits domain's: a suspension keeps the permit's
id and the label it had, and asks the permits service for its state now.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import FindingStatus, ProposalStatus, Severity

__all__ = ["Finding", "SuspensionProposal", "SuspensionOrder"]


class Finding(models.Model):
    inspection = models.ForeignKey("control.Inspection", verbose_name=_("inspection"), on_delete=models.PROTECT,
                                   related_name="findings")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    facility = models.ForeignKey("core.HazardousFacility", verbose_name=_("facility"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    # The unit or area of the facility (core.Location's tree: facility → unit → area).
    location = models.ForeignKey("core.Location", verbose_name=_("unit or area"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    answer = models.OneToOneField("control.Answer", verbose_name=_("checklist answer"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="finding")
    violation = models.TextField(_("violation"))
    edition = models.ForeignKey("core.ClauseEdition", verbose_name=_("clause edition breached"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="+")
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    evidence = models.TextField(_("evidence"), blank=True)
    found_by = models.ForeignKey("core.Person", verbose_name=_("found by"), on_delete=models.PROTECT,
                                 related_name="+")
    found_at = models.DateTimeField(_("found"))
    status = models.CharField(_("status"), max_length=12, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    eliminated_on = models.DateField(_("eliminated on"), null=True, blank=True)
    elimination_note = models.TextField(_("how it was eliminated"), blank=True)
    recurrences = models.PositiveIntegerField(_("recurrences"), default=0)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-found_at", "-id"]
        indexes = [models.Index(fields=["organisation", "status"]), models.Index(fields=["facility", "status"]),
                   models.Index(fields=["division", "status"]), models.Index(fields=["eliminated_on"])]

    def __str__(self) -> str:
        return self.violation[:100]

    @property
    def place_label(self) -> str:
        parts = [str(p) for p in (self.facility, self.location) if p is not None]
        return " → ".join(parts) or str(self.division)

    @property
    def is_danger(self) -> bool:
        return self.severity == Severity.CRITICAL

    def get_absolute_url(self) -> str:
        return reverse("control:finding-detail", args=[self.pk])

    def notice_params(self) -> dict:
        return {"record": str(self), "place": self.place_label}


class SuspensionProposal(models.Model):
    """cl.9, cl.4.7, cl.27.3: the proposal a danger finding drafts, and the head's decision on it."""

    finding = models.OneToOneField(Finding, verbose_name=_("finding"), on_delete=models.PROTECT,
                                   related_name="proposal")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=ProposalStatus.choices,
                              default=ProposalStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT,
                                    related_name="+")
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("proposal to suspend work")
        verbose_name_plural = _("proposals to suspend work")
        ordering = ["-proposed_at", "-id"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return str(_("Proposal to suspend work: %(finding)s")) % {"finding": self.finding}

    def get_absolute_url(self) -> str:
        return reverse("control:finding-detail", args=[self.finding_id])

    def notice_params(self) -> dict:
        return {"record": str(self.finding), "place": self.finding.place_label}

    def signed_content(self, declaration, subject) -> dict:
        return {"control_record": f"control.suspensionproposal:{self.pk}", "control_act": declaration.code,
                "finding_violation": self.finding.violation, "finding_place": self.finding.place_label,
                "suspension_permits": sorted(getattr(self, "_chosen_labels", [])),
                "suspension_reason": self.reason}


class SuspensionOrder(models.Model):
    """One permit the head suspended on the proposal, through the permits' suspension act."""

    proposal = models.ForeignKey(SuspensionProposal, verbose_name=_("proposal"), on_delete=models.PROTECT,
                                 related_name="orders")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    permit_id = models.PositiveBigIntegerField(_("work permit"))
    permit_label = models.CharField(_("work permit"), max_length=300)
    suspended_at = models.DateTimeField(_("suspended"))

    class Meta:
        verbose_name = _("suspended work")
        verbose_name_plural = _("suspended work")
        ordering = ["proposal_id", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "permit_id"], name="control_suspension_once")]
        indexes = [models.Index(fields=["permit_id"])]

    def __str__(self) -> str:
        return self.permit_label
