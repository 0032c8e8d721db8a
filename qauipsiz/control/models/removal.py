"""Expert examinations and technical certification (315 cl.4.6, cl.26.5), and removal from work of people whose
training lapsed (315 cl.4.7, cl.4.10, cl.27.4)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..choices import ExaminationKind, ExaminationResult, RemovalStatus

__all__ = ["Examination", "ExaminationFile", "ExaminationReminder", "Removal"]


class Examination(models.Model):
    """One examination, certification or inspection of a technical device or of a building or structure: when it is
    due, and once done its result, conclusion and the next due date (315 cl.4.6: the official prepares the expert
    examinations; cl.26.5: the annual information reports the state of the technical devices).

    `division` is the facility's division, kept on the record so that the gatekeeper (cl.25) and the lists filter by it
    with an index. What the daily job told about it is kept apart (`ExaminationReminder`), so that the record's
    ledgered state changes only by the people's acts.
    """

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    facility = models.ForeignKey("core.HazardousFacility", verbose_name=_("facility"), on_delete=models.PROTECT,
                                 related_name="+")
    device = models.ForeignKey("core.TechnicalDevice", verbose_name=_("technical device"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="examinations")
    building = models.ForeignKey("core.BuildingStructure", verbose_name=_("building or structure"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="examinations")
    kind = models.CharField(_("kind"), max_length=30, choices=ExaminationKind.choices)
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=30, choices=ExaminationResult.choices, blank=True)
    conclusion_number = models.CharField(_("conclusion number"), max_length=100, blank=True)
    expert_organisation = models.CharField(_("expert organisation"), max_length=300, blank=True)
    next_due_on = models.DateField(_("next due date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("examination or certification")
        verbose_name_plural = _("examinations and certifications")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(device__isnull=False, building__isnull=True)
                           | Q(device__isnull=True, building__isnull=False)),
                name="examination_one_object",
                violation_error_message=_("Choose either a technical device or a building or structure.")),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True, result="") | Q(done_on__isnull=False) & ~Q(result=""),
                name="examination_done_with_result",
                violation_error_message=_("A done examination needs its date and result, an open one neither.")),
        ]
        indexes = [
            models.Index(fields=["organisation", "is_active", "done_on", "due_on"], name="exam_open_due"),
            models.Index(fields=["organisation", "division", "due_on"], name="exam_division_due"),
            models.Index(fields=["organisation", "kind", "due_on"], name="exam_kind_due"),
        ]

    @property
    def subject(self):
        return self.device if self.device_id else self.building

    def state_on(self, day: datetime.date, soon_days: int) -> str:
        """"done", "overdue", "due_soon" (within `soon_days`) or "planned"."""
        if self.done_on is not None:
            return "done"
        if self.due_on < day:
            return "overdue"
        if self.due_on <= day + datetime.timedelta(days=soon_days):
            return "due_soon"
        return "planned"

    def get_absolute_url(self) -> str:
        return reverse("control:examination", args=[self.pk])

    def notice_params(self) -> dict:
        return {"record": str(self), "date": self.due_on}

    def __str__(self) -> str:
        return gettext("%(kind)s: %(object)s") % {"kind": self.get_kind_display(), "object": self.subject}


class ExaminationReminder(models.Model):
    """The daily job told about the examination's due date at this threshold ("due_soon", "overdue"): once each, not
    every day (315 cl.4.6). A new due date is told again."""

    examination = models.ForeignKey(Examination, on_delete=models.CASCADE, related_name="reminders")
    threshold = models.CharField(max_length=10)
    due_on = models.DateField()
    told_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["examination", "threshold", "due_on"],
                                               name="examination_reminder_once")]


def examination_file_path(instance, filename: str) -> str:
    return f"control/examinations/{instance.organisation_id}/{instance.sha256[:2]}/{instance.sha256}"


class ExaminationFile(models.Model):
    """A file of an examination (the conclusion, the certificate, the act), fixed by its SHA-256."""

    examination = models.ForeignKey(Examination, verbose_name=_("examination"), on_delete=models.PROTECT,
                                    related_name="files")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    file = models.FileField(_("file"), upload_to=examination_file_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=300)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size, bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        verbose_name = _("file of an examination")
        verbose_name_plural = _("files of examinations")
        ordering = ["examination_id", "added_at", "id"]

    def __str__(self) -> str:
        return self.filename


def _lapsed_line(item: dict) -> str:
    """A lapsed training as the signed content names it: the type in the law's language (Kazakh, else any) and the
    date it ended (dd.mm.yyyy), the same for every reader."""
    names = item.get("name") or {}
    name = names.get("kk") or names.get("ru") or names.get("en") or item.get("type", "")
    until = item.get("valid_until")
    return f"{name}: {datetime.date.fromisoformat(until):%d.%m.%Y}" if until else f"{name}: —"


class Removal(models.Model):
    """A person's removal from work for training not passed in time (315 cl.4.7: the official proposes it to the head;
    cl.27.4: the organisation removes the person).

    While `status` is removed and `removed_from` has come, the person is not competent in any role (the bar
    `services.removal.removal_bar`, read by `core.competence`); it is lifted once the training is renewed.
    `lapsed` is what the proposal rested on, kept as written then: [{"type", "name": {kk, ru, en}, "valid_until"}].
    """

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("core.Person", verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="removals")
    status = models.CharField(_("status"), max_length=20, choices=RemovalStatus.choices,
                              default=RemovalStatus.PROPOSED)
    reason = models.TextField(_("reason"))
    lapsed = models.JSONField(_("lapsed trainings"), default=list, blank=True)
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT,
                                    related_name="+")
    removed_from = models.DateField(_("removed from work from"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    rejection_reason = models.TextField(_("reason for the rejection"), blank=True)
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("lifted by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("removal from work")
        verbose_name_plural = _("removals from work")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=RemovalStatus.REMOVED) | Q(removed_from__isnull=False),
                name="removal_has_date", violation_error_message=_("A removal from work needs the date it starts.")),
            # One open proposal or removal per person: a second would only repeat it.
            models.UniqueConstraint(fields=["person"], condition=Q(status__in=["proposed", "removed"]),
                                    name="removal_one_open_per_person",
                                    violation_error_message=_("This person already has an open removal from work.")),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "removed_from"], name="removal_status"),
            models.Index(fields=["organisation", "division", "status"], name="removal_division"),
        ]

    @property
    def reference(self) -> str:
        return gettext("removal from work No. %(number)s") % {"number": self.pk}

    def in_force_on(self, day: datetime.date) -> bool:
        if self.removed_from is None or self.removed_from > day:
            return False
        if self.status == RemovalStatus.REMOVED:
            return True
        return self.status == RemovalStatus.LIFTED and self.lifted_on is not None and self.lifted_on > day

    def clean(self):
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Give the reason.")})

    def signed_content(self, declaration, subject) -> dict:
        return {"control_record": f"control.removal:{self.pk}", "control_act": declaration.code,
                "control_status": self.status, "removal_person": self.person.full_name,
                "removal_reason": self.reason, "removal_lapsed": [_lapsed_line(item) for item in self.lapsed],
                **(subject or {})}

    def get_absolute_url(self) -> str:
        return reverse("control:removal", args=[self.pk])

    def notice_params(self) -> dict:
        return {"record": self.reference, "person": self.person.full_name}

    def __str__(self) -> str:
        return gettext("%(reference)s: %(person)s") % {"reference": self.reference, "person": self.person.full_name}
