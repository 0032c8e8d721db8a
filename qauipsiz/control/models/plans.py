"""Plans of production control: the plan of measures for industrial safety and accident elimination (315 cl.4.5, one
per organisation and year) and a division's production-control work plan (315 cl.4.1), on one mechanism.

A plan is a series of versions. A version is drafted by an official, then approved by the head with a signature
(the act `planversion-approve`), which gives the plan its number (`numbering`) the first time. An approved version is
never edited: a change is a new draft version with its reason, whose approval supersedes the previous one, which stays
readable as it was.

What is content and what is execution: the items' measure, deadline (or period), responsible person, division and
facility are what the head signs, frozen with the approved version (`CONTENT_FIELDS`). Their status, the reason a
measure was not done, the execution note and date and the evidence are execution, recorded on the approved version in
force (`EXECUTION_FIELDS`), and carried into the next version when the plan changes (`PlanItem.origin`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import ItemStatus, PlanKind, VersionStatus
from ..numbering import DocumentKind, display_number

__all__ = ["Plan", "PlanVersion", "PlanItem", "PlanEvidence", "CONTENT_FIELDS", "EXECUTION_FIELDS"]

CONTENT_FIELDS = ("position", "measure", "period_start", "deadline", "responsible", "division", "facility")
EXECUTION_FIELDS = ("status", "not_done_reason", "execution_note", "executed_on")


class Plan(models.Model):
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    year = models.PositiveIntegerField(_("year"))
    # A work plan is a division's (cl.4.1); the plan of measures is the organisation's (cl.4.5).
    division = models.ForeignKey("core.Division", verbose_name=_("division"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], condition=Q(kind=PlanKind.MEASURES),
                                    name="control_measures_plan_one_a_year",
                                    violation_error_message=_("The organisation already has a plan of measures for "
                                                              "this year.")),
            models.UniqueConstraint(fields=["organisation", "division", "year"], condition=Q(kind=PlanKind.WORK),
                                    name="control_work_plan_one_a_year",
                                    violation_error_message=_("The division already has a work plan for this year.")),
            models.CheckConstraint(condition=Q(kind=PlanKind.MEASURES, division__isnull=True)
                                   | Q(kind=PlanKind.WORK, division__isnull=False),
                                   name="control_plan_division_by_kind"),
        ]
        indexes = [models.Index(fields=["organisation", "year", "kind"])]

    def __str__(self) -> str:
        label = self.title or PlanKind(self.kind).label
        if self.division_id:
            return f"{label}, {self.division} ({self.year})"
        return f"{label} ({self.year})"

    @property
    def document_kind(self) -> str:
        return DocumentKind.MEASURES_PLAN if self.kind == PlanKind.MEASURES else DocumentKind.WORK_PLAN

    @property
    def display_number(self) -> str:
        return display_number(self.number, self.year)

    def get_absolute_url(self) -> str:
        return reverse("control:plan-detail", args=[self.pk])


class PlanVersion(models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="versions")
    # The plan's organisation and division, kept on the version for the gatekeeper (315 cl.25) and the ledger.
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    reason = models.TextField(_("reason for the change"), blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT,
                                   related_name="+")
    drafted_at = models.DateTimeField(_("drafted"), auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="control_plan_version_unique"),
            models.UniqueConstraint(fields=["plan"], condition=Q(status=VersionStatus.DRAFT),
                                    name="control_plan_one_draft",
                                    violation_error_message=_("The plan already has a draft version.")),
            models.UniqueConstraint(fields=["plan"], condition=Q(status=VersionStatus.APPROVED),
                                    name="control_plan_one_in_force"),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return _("%(plan)s, version %(version)s") % {"plan": self.plan, "version": self.version}

    def get_absolute_url(self) -> str:
        return reverse("control:plan-version", args=[self.plan_id, self.version])

    def notice_params(self) -> dict:
        return {"record": str(self)}

    def signed_content(self, declaration, subject) -> dict:
        """What the head signs: the plan, the version, its reason and every item's content (not its execution)."""
        items = [{"plan_item_position": i.position, "plan_item_measure": i.measure,
                  "plan_item_period_start": i.period_start.isoformat() if i.period_start else None,
                  "plan_item_deadline": i.deadline.isoformat(),
                  "plan_item_responsible": i.responsible.full_name if i.responsible_id else "",
                  "plan_item_division": str(i.division) if i.division_id else "",
                  "plan_item_facility": str(i.facility) if i.facility_id else ""}
                 for i in self.items.select_related("responsible", "division", "facility").order_by("position", "pk")]
        return {"control_record": f"control.planversion:{self.pk}", "control_act": declaration.code,
                "plan_kind": self.plan.kind, "plan_year": self.plan.year, "plan_version": self.version,
                "plan_reason": self.reason, "plan_items": items}


class PlanItem(models.Model):
    version = models.ForeignKey(PlanVersion, verbose_name=_("plan version"), on_delete=models.PROTECT,
                                related_name="items")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    position = models.PositiveIntegerField(_("No."), default=1)
    measure = models.TextField(_("measure"))
    period_start = models.DateField(_("period from"), null=True, blank=True)
    deadline = models.DateField(_("deadline"))
    responsible = models.ForeignKey("core.Person", verbose_name=_("responsible person"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    # The division the measure concerns; a work plan's items are its division's (315 cl.25: its head and people).
    division = models.ForeignKey("core.Division", verbose_name=_("division"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    facility = models.ForeignKey("core.HazardousFacility", verbose_name=_("facility"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.PLANNED)
    not_done_reason = models.TextField(_("reason it was not done"), blank=True)
    execution_note = models.TextField(_("execution"), blank=True)
    executed_on = models.DateField(_("executed on"), null=True, blank=True)
    # The item of the previous version this one continues: its execution and evidence carry over.
    origin = models.ForeignKey("self", verbose_name=_("previous version's item"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["version_id", "position", "id"]
        indexes = [models.Index(fields=["organisation", "status", "deadline"]),
                   models.Index(fields=["version", "position"])]

    def __str__(self) -> str:
        return f"{self.position}. {self.measure[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("control:plan-item", args=[self.pk])


def evidence_path(instance: "PlanEvidence", filename: str) -> str:
    # Named by content hash, as permits' attachments are: a stored file never changes name.
    return f"control/plans/{instance.organisation_id}/{instance.sha256[:2]}/{instance.sha256}"


class PlanEvidence(models.Model):
    """Evidence that a measure was carried out: a file fixed by its SHA-256, a text, or both."""

    item = models.ForeignKey(PlanItem, verbose_name=_("plan item"), on_delete=models.PROTECT,
                             related_name="evidence")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=300, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size, bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        verbose_name = _("evidence of execution")
        verbose_name_plural = _("evidence of execution")
        ordering = ["item_id", "added_at", "id"]

    def __str__(self) -> str:
        return self.filename or self.text[:80]
