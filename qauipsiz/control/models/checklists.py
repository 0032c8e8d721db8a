"""Checklist templates and the programmes of the comprehensive inspection (315 cl.11).

A template is an organisation's reusable list of questions, grouped by section; a question may cite the clause
editions it checks, has an answer kind (yes/no/not applicable, a number within limits, a text, a photo required), a
weight and may be an "auto-fail" item. A programme is built from templates for one year's comprehensive inspection:
its questions are copied, so that editing a template later never changes a programme, and once approved (a signed
act) the programme is frozen. An inspection runs on the approved programme's questions.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import AnswerKind, ProgrammeStatus
from ..numbering import display_number

__all__ = ["ChecklistTemplate", "ChecklistQuestion", "Programme", "ProgrammeQuestion", "QUESTION_FIELDS"]

# What a question is, copied from a template into a programme.
QUESTION_FIELDS = ("section", "position", "text", "kind", "min_value", "max_value", "unit", "weight", "auto_fail")


class QuestionFields(models.Model):
    section = models.CharField(_("section"), max_length=300)
    position = models.PositiveIntegerField(_("No."), default=1)
    text = models.TextField(_("question"))
    kind = models.CharField(_("answer kind"), max_length=10, choices=AnswerKind.choices, default=AnswerKind.YES_NO)
    min_value = models.DecimalField(_("at least"), max_digits=12, decimal_places=3, null=True, blank=True)
    max_value = models.DecimalField(_("at most"), max_digits=12, decimal_places=3, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    # A failed auto-fail item fails the division's assessment whatever its score (cl.11).
    auto_fail = models.BooleanField(_("auto-fail item"), default=False)
    citations = models.ManyToManyField("core.ClauseEdition", verbose_name=_("clause editions checked"), blank=True,
                                       related_name="+")

    class Meta:
        abstract = True
        constraints = []

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:80]}"


class ChecklistTemplate(models.Model):
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    title = models.CharField(_("title"), max_length=300)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["organisation", "is_active"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("control:checklist-detail", args=[self.pk])


class ChecklistQuestion(QuestionFields):
    template = models.ForeignKey(ChecklistTemplate, verbose_name=_("checklist template"), on_delete=models.CASCADE,
                                 related_name="questions")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")
        ordering = ["template_id", "position", "id"]
        constraints = [models.CheckConstraint(
            condition=Q(min_value__isnull=True) | Q(max_value__isnull=True) | Q(min_value__lte=models.F("max_value")),
            name="control_checklist_question_limits")]


class Programme(models.Model):
    """The programme of one year's comprehensive inspection (cl.11), approved before the inspection starts."""

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    year = models.PositiveIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=ProgrammeStatus.choices,
                              default=ProgrammeStatus.DRAFT)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT,
                                   related_name="+")
    drafted_at = models.DateTimeField(_("drafted"), auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme of the comprehensive inspection")
        verbose_name_plural = _("programmes of the comprehensive inspection")
        ordering = ["-year", "id"]
        indexes = [models.Index(fields=["organisation", "year", "status"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def display_number(self) -> str:
        return display_number(self.number, self.year)

    def get_absolute_url(self) -> str:
        return reverse("control:programme-detail", args=[self.pk])

    def notice_params(self) -> dict:
        return {"record": str(self)}

    def signed_content(self, declaration, subject) -> dict:
        """What the approver signs: every question as the inspection will ask it."""
        questions = [{"programme_section": q.section, "programme_position": q.position, "programme_question": q.text,
                      "programme_kind": q.kind, "programme_limits": [str(q.min_value) if q.min_value is not None
                                                                     else "", str(q.max_value)
                                                                     if q.max_value is not None else ""],
                      "programme_weight": q.weight, "programme_auto_fail": q.auto_fail,
                      "programme_citations": [str(c) for c in q.citations.all()]}
                     for q in self.questions.prefetch_related("citations").order_by("position", "pk")]
        return {"control_record": f"control.programme:{self.pk}", "control_act": declaration.code,
                "programme_year": self.year, "programme_title": self.title, "programme_questions": questions}


class ProgrammeQuestion(QuestionFields):
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="questions")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    source = models.ForeignKey(ChecklistQuestion, verbose_name=_("template question"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("programme question")
        verbose_name_plural = _("programme questions")
        ordering = ["programme_id", "position", "id"]
        constraints = [models.CheckConstraint(
            condition=Q(min_value__isnull=True) | Q(max_value__isnull=True) | Q(min_value__lte=models.F("max_value")),
            name="control_programme_question_limits")]
