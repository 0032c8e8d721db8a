"""The inspection schedule (315 cl.7): drawn up per year by the person responsible for production control, approved by
the person the Regulation names (the head by default), and changed after approval only by a new version.

The Annex 1 form the clause refers to is not in the text, so its columns are modelled from the clause (object, kind of
inspection, planned period, responsible official) and chosen per organisation (`FormLayout`). A row of an approved
version is never edited; moving one occurrence is a new version whose row keeps where it was planned and why it moved.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..choices import SCHEDULED_KINDS, InspectionKind, LayoutForm, ObjectKind, ScheduleStatus
from ..numbering import display_number

__all__ = ["Schedule", "ScheduleVersion", "ScheduleRow", "FormLayout", "ROW_CONTENT_FIELDS"]

# What the approver signs for each row; an approved version's rows never change them.
ROW_CONTENT_FIELDS = ("position", "object_kind", "facility", "division", "device", "building", "kind",
                      "period_start", "period_end", "official", "moved_from_start", "moved_from_end", "move_reason")


class Schedule(models.Model):
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    year = models.PositiveIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection schedule")
        verbose_name_plural = _("inspection schedules")
        ordering = ["-year", "id"]
        constraints = [models.UniqueConstraint(
            fields=["organisation", "year"], name="control_schedule_one_a_year",
            violation_error_message=_("The organisation already has an inspection schedule for this year."))]

    def __str__(self) -> str:
        return gettext("Inspection schedule for %(year)s") % {"year": self.year}

    @property
    def display_number(self) -> str:
        return display_number(self.number, self.year)

    def get_absolute_url(self) -> str:
        return reverse("control:schedule-detail", args=[self.pk])


class ScheduleVersion(models.Model):
    schedule = models.ForeignKey(Schedule, verbose_name=_("schedule"), on_delete=models.PROTECT,
                                 related_name="versions")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=ScheduleStatus.choices,
                              default=ScheduleStatus.DRAFT)
    reason = models.TextField(_("reason for the change"), blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT,
                                   related_name="+")
    drafted_at = models.DateTimeField(_("drafted"), auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("schedule version")
        verbose_name_plural = _("schedule versions")
        ordering = ["schedule_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "version"], name="control_schedule_version_unique"),
            models.UniqueConstraint(fields=["schedule"], condition=Q(status=ScheduleStatus.DRAFT),
                                    name="control_schedule_one_draft",
                                    violation_error_message=_("The schedule already has a draft version.")),
            models.UniqueConstraint(fields=["schedule"], condition=Q(status=ScheduleStatus.APPROVED),
                                    name="control_schedule_one_in_force"),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return gettext("%(schedule)s, version %(version)s") % {"schedule": self.schedule, "version": self.version}

    def get_absolute_url(self) -> str:
        return reverse("control:schedule-version", args=[self.schedule_id, self.version])

    def notice_params(self) -> dict:
        return {"record": str(self)}

    def signed_content(self, declaration, subject) -> dict:
        """What the approver signs: the year, the version, its reason and every row's content."""
        rows = [{"schedule_row_position": r.position, "schedule_row_object": r.object_label,
                 "schedule_row_kind": r.kind, "schedule_row_period_start": r.period_start.isoformat(),
                 "schedule_row_period_end": r.period_end.isoformat(),
                 "schedule_row_official": r.official.full_name if r.official_id else "",
                 "schedule_row_move_reason": r.move_reason}
                for r in self.rows.select_related("facility", "division", "device", "building", "official")
                .order_by("position", "pk")]
        return {"control_record": f"control.scheduleversion:{self.pk}", "control_act": declaration.code,
                "schedule_year": self.schedule.year, "schedule_version": self.version, "schedule_reason": self.reason,
                "schedule_rows": rows}


class ScheduleRow(models.Model):
    """One planned inspection of one object in one period (cl.7)."""

    version = models.ForeignKey(ScheduleVersion, verbose_name=_("schedule version"), on_delete=models.PROTECT,
                                related_name="rows")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    position = models.PositiveIntegerField(_("No."), default=1)
    object_kind = models.CharField(_("object"), max_length=20, choices=ObjectKind.choices)
    # The object's division, whichever the object is: the division's head and people see the row (315 cl.25).
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    facility = models.ForeignKey("core.HazardousFacility", verbose_name=_("facility"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    device = models.ForeignKey("core.TechnicalDevice", verbose_name=_("technical device"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    building = models.ForeignKey("core.BuildingStructure", verbose_name=_("building or structure"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of inspection"), max_length=20,
                            choices=[(k.value, k.label) for k in SCHEDULED_KINDS])
    period_start = models.DateField(_("planned from"))
    period_end = models.DateField(_("planned to"))
    official = models.ForeignKey("core.Person", verbose_name=_("responsible official"), on_delete=models.PROTECT,
                                 related_name="+")
    # A moved occurrence keeps where it was planned and why it moved.
    moved_from_start = models.DateField(_("was planned from"), null=True, blank=True)
    moved_from_end = models.DateField(_("was planned to"), null=True, blank=True)
    move_reason = models.TextField(_("reason for the move"), blank=True)
    # The row of the previous version this one continues: the inspection done on it stays done.
    origin = models.ForeignKey("self", verbose_name=_("previous version's row"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("schedule row")
        verbose_name_plural = _("schedule rows")
        ordering = ["version_id", "period_start", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_start__lte=models.F("period_end")),
                                   name="control_schedule_row_period"),
            models.CheckConstraint(condition=~Q(kind=InspectionKind.UNSCHEDULED), name="control_schedule_row_kind"),
        ]
        indexes = [models.Index(fields=["organisation", "period_end"]), models.Index(fields=["version", "position"]),
                   models.Index(fields=["official", "period_start"])]

    def __str__(self) -> str:
        return f"{self.position}. {self.object_label}"

    @property
    def object_label(self) -> str:
        target = {ObjectKind.FACILITY: self.facility, ObjectKind.DEVICE: self.device,
                  ObjectKind.BUILDING: self.building}.get(self.object_kind) or self.division
        return str(target)

    @property
    def lineage(self) -> list[int]:
        """This row and the rows it continues, newest first (an inspection done on any of them is done on this)."""
        chain, row = [], self
        while row is not None:
            chain.append(row.pk)
            row = row.origin
        return chain

    def get_absolute_url(self) -> str:
        return reverse("control:schedule-version", args=[self.version.schedule_id, self.version.version])


class FormLayout(models.Model):
    """The columns an organisation shows, in its order, on a form the law refers to but does not give (Annex 1 of the
    schedule, Annex 2 of the journal)."""

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    form = models.CharField(_("form"), max_length=20, choices=LayoutForm.choices)
    columns = models.JSONField(_("columns"), default=list)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("form layout")
        verbose_name_plural = _("form layouts")
        constraints = [models.UniqueConstraint(fields=["organisation", "form"], name="control_form_layout_unique")]

    def __str__(self) -> str:
        return str(LayoutForm(self.form).label)
