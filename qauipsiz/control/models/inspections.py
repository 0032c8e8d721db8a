"""Inspections (315 cl.7-9, cl.11, cl.14): planned on the schedule, ordered after an accident by the head's directive
(cl.8), or run on the approved programme (cl.11); answered on a tablet, with photos, re-checks of eliminated
violations and an assessment of each division's state.

An inspection's report takes its number when it is completed (the Chapter 4 heading: reports are registered) and its
entry in the journal (cl.12) in the same act.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..choices import AnswerChoice, AnswerResult, InspectionKind, InspectionStatus, RecheckResult
from ..numbering import display_number

__all__ = ["Inspection", "Answer", "InspectionPhoto", "Recheck", "DivisionAssessment"]


class Inspection(models.Model):
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    # The division of the object inspected: its head and people see the inspection (315 cl.25).
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    facility = models.ForeignKey("core.HazardousFacility", verbose_name=_("facility"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of inspection"), max_length=20, choices=InspectionKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=InspectionStatus.choices,
                              default=InspectionStatus.PLANNED)
    schedule_row = models.ForeignKey("control.ScheduleRow", verbose_name=_("schedule row"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="inspections")
    # cl.8: the accident it follows and the head's directive (өкім) that ordered it.
    accident = models.ForeignKey("control.Accident", verbose_name=_("accident"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="inspections")
    directive_number = models.CharField(_("directive number"), max_length=50, blank=True)
    directive_date = models.DateField(_("directive date"), null=True, blank=True)
    programme = models.ForeignKey("control.Programme", verbose_name=_("programme"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="inspections")
    # A re-inspection starts from the last one, its answers reset.
    previous = models.ForeignKey("self", verbose_name=_("previous inspection"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    official = models.ForeignKey("core.Person", verbose_name=_("official"), on_delete=models.PROTECT,
                                 related_name="+")
    planned_on = models.DateField(_("planned on"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    summary = models.TextField(_("conclusion"), blank=True)
    cancel_reason = models.TextField(_("reason for the cancellation"), blank=True)
    number = models.PositiveIntegerField(_("report number"), null=True, blank=True)
    year = models.PositiveIntegerField(_("year"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-planned_on", "-id"]
        constraints = [
            # cl.8: an unscheduled inspection follows an accident and is ordered by a dated directive.
            models.CheckConstraint(
                condition=~Q(kind=InspectionKind.UNSCHEDULED)
                | Q(accident__isnull=False, directive_date__isnull=False) & ~Q(directive_number=""),
                name="control_unscheduled_by_directive",
                violation_error_message=_("An unscheduled inspection is ordered by the head's directive after an "
                                          "accident: give its number and date.")),
            models.UniqueConstraint(fields=["organisation", "year", "number"], condition=Q(number__isnull=False),
                                    name="control_inspection_report_number_unique"),
        ]
        indexes = [models.Index(fields=["organisation", "status", "planned_on"]),
                   models.Index(fields=["official", "status"]), models.Index(fields=["facility", "completed_at"]),
                   models.Index(fields=["division", "completed_at"])]

    def __str__(self) -> str:
        return gettext("%(kind)s inspection of %(object)s, %(date)s") % {
            "kind": self.get_kind_display(), "object": self.object_label,
            "date": self.planned_on.strftime("%d.%m.%Y")}

    @property
    def object_label(self) -> str:
        if self.schedule_row_id:
            return self.schedule_row.object_label
        return str(self.facility or self.division)

    @property
    def display_number(self) -> str:
        return display_number(self.number, self.year)

    def get_absolute_url(self) -> str:
        return reverse("control:inspection-detail", args=[self.pk])

    def notice_params(self) -> dict:
        return {"record": str(self)}

    def signed_content(self, declaration, subject) -> dict:
        content = {"control_record": f"control.inspection:{self.pk}", "control_act": declaration.code,
                   "inspection_kind": self.kind, "inspection_object": self.object_label,
                   "inspection_official": self.official.full_name}
        if declaration.code == "inspection_complete":
            content["inspection_summary"] = self.summary
            content["inspection_answers"] = [
                {"inspection_question": a.question.text, "inspection_result": a.result,
                 "inspection_value": a.value_label, "inspection_comment": a.comment}
                for a in self.answers.select_related("question").order_by("question__position", "pk")]
            content["inspection_findings"] = [
                {"finding_violation": f.violation, "finding_severity": f.severity, "finding_place": f.place_label}
                for f in self.findings.select_related("facility", "location").order_by("pk")]
        return content


class Answer(models.Model):
    """The answer to one programme question in one inspection; sent again (a resend), it is the same answer."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.PROTECT,
                                   related_name="answers")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    question = models.ForeignKey("control.ProgrammeQuestion", verbose_name=_("question"), on_delete=models.PROTECT,
                                 related_name="answers")
    choice = models.CharField(_("answer"), max_length=4, choices=AnswerChoice.choices, blank=True)
    number = models.DecimalField(_("value"), max_digits=12, decimal_places=3, null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    result = models.CharField(_("result"), max_length=10, choices=AnswerResult.choices)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"),
                                    on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering = ["inspection_id", "question__position", "id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "question"], name="control_answer_once")]

    def __str__(self) -> str:
        return f"{self.question} — {self.get_result_display()}"

    @property
    def value_label(self) -> str:
        if self.choice:
            return str(self.get_choice_display())
        if self.number is not None:
            return f"{self.number.normalize():f}"
        return self.text


def photo_path(instance, filename: str) -> str:
    return f"control/inspections/{instance.organisation_id}/{instance.sha256[:2]}/{instance.sha256}"


def photo_view_path(instance, filename: str) -> str:
    return f"control/inspections/{instance.organisation_id}/{instance.sha256[:2]}/{instance.sha256}.view.jpg"


class InspectionPhoto(models.Model):
    """A photo from the device's camera: the original kept as taken, fixed by its SHA-256, and a smaller copy for
    viewing."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.PROTECT,
                                   related_name="photos")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    answer = models.ForeignKey(Answer, verbose_name=_("answer"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="photos")
    finding = models.ForeignKey("control.Finding", verbose_name=_("finding"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="photos")
    original = models.FileField(_("original"), upload_to=photo_path, max_length=300)
    view = models.FileField(_("copy for viewing"), upload_to=photo_view_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=300)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT,
                                 related_name="+")
    taken_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")
        ordering = ["inspection_id", "taken_at", "id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "sha256"], name="control_photo_once")]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("control:inspection-photo", args=[self.inspection_id, self.pk])


class Recheck(models.Model):
    """cl.14: a violation eliminated since the last inspection, checked again: still eliminated, or recurred (which
    reopens it)."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.PROTECT,
                                   related_name="rechecks")
    finding = models.ForeignKey("control.Finding", verbose_name=_("violation"), on_delete=models.PROTECT,
                                related_name="rechecks")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    result = models.CharField(_("result"), max_length=20, choices=RecheckResult.choices)
    comment = models.TextField(_("comment"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.PROTECT,
                                   related_name="+")
    checked_at = models.DateTimeField(_("checked"))

    class Meta:
        verbose_name = _("re-check")
        verbose_name_plural = _("re-checks")
        ordering = ["inspection_id", "id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "finding"], name="control_recheck_once")]

    def __str__(self) -> str:
        return f"{self.finding} — {self.get_result_display()}"


class DivisionAssessment(models.Model):
    """cl.11: the state of a division from the comprehensive inspection's answers: the score (weighted share of the
    applicable items that comply) and the failed items; an auto-fail item failed fails the division."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.PROTECT,
                                   related_name="assessments")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    score = models.DecimalField(_("score, %"), max_digits=5, decimal_places=1)
    failed_items = models.PositiveIntegerField(_("failed items"))
    applicable_items = models.PositiveIntegerField(_("applicable items"))
    auto_failed = models.BooleanField(_("an auto-fail item failed"), default=False)

    class Meta:
        verbose_name = _("assessment of a division")
        verbose_name_plural = _("assessments of divisions")
        ordering = ["inspection_id", "division_id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "division"], name="control_assessment_once")]

    def __str__(self) -> str:
        return f"{self.division}: {self.score} %"

    @property
    def passed(self) -> bool:
        return not self.auto_failed and self.failed_items == 0
