"""The register of accidents, incidents and accident-caused injuries (315 cl.4.9, cl.4.12, cl.26.6).

cl.4.9: the production-control service takes part in the technical investigation of accidents and incidents and in
the investigation of accident-caused injuries; cl.4.12: it keeps the record of them; cl.26.6: it registers and
analyses them with their causes and the measures taken. cl.8: on an accident or an injury at a facility the head may
order an unscheduled inspection (`inspection_*` fields: the directive, өкім, that a later issue turns into the
inspection).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qauipsiz.formats import local_date

from ..choices import AccidentKind, AccidentStatus, InjurySeverity, InspectionDecision, MeasureStatus
from .files import StoredFile

__all__ = ["Accident", "AccidentVictim", "AccidentMeasure", "AccidentMaterial", "AccidentPermit"]

# The kinds on which the head is offered an unscheduled inspection (315 cl.8).
OFFER_KINDS = frozenset({AccidentKind.ACCIDENT, AccidentKind.INJURY})


class Accident(models.Model):
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    number = models.PositiveIntegerField(_("number"))
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=AccidentKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=AccidentStatus.choices,
                              default=AccidentStatus.REGISTERED)
    facility = models.ForeignKey("core.HazardousFacility", verbose_name=_("facility"), on_delete=models.PROTECT,
                                 related_name="+")
    location = models.ForeignKey("core.Location", verbose_name=_("unit or area"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    place = models.CharField(_("place (as described)"), max_length=500, blank=True)
    occurred_at = models.DateTimeField(_("happened at"))
    description = models.TextField(_("what happened"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("registered by"),
                                      on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    # The investigation (cl.4.9).
    commission_chair = models.ForeignKey("core.Person", verbose_name=_("chair of the commission"), null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="+")
    commission_members = models.ManyToManyField("core.Person", verbose_name=_("members of the commission"),
                                                blank=True, related_name="+")
    causes = models.TextField(_("causes"), blank=True)
    conclusion = models.TextField(_("conclusion of the investigation"), blank=True)
    investigated_at = models.DateTimeField(_("investigation concluded"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The head's decision on the offer of an unscheduled inspection (cl.8).
    inspection_decision = models.CharField(_("decision on an unscheduled inspection"), max_length=20, blank=True,
                                           choices=InspectionDecision.choices)
    directive_number = models.CharField(_("directive number"), max_length=50, blank=True)
    directive_date = models.DateField(_("directive date"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("accident, incident or injury")
        verbose_name_plural = _("accidents, incidents and injuries")
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "number"], name="accident_number_unique"),
            models.CheckConstraint(
                condition=Q(inspection_decision="") | Q(inspection_decision=InspectionDecision.NOT_ORDERED)
                | Q(inspection_decision=InspectionDecision.ORDERED, directive_date__isnull=False),
                name="accident_directive_dated"),
        ]
        indexes = [models.Index(fields=["organisation", "status", "occurred_at"]),
                   models.Index(fields=["organisation", "kind", "occurred_at"]),
                   models.Index(fields=["organisation", "facility", "occurred_at"]),
                   models.Index(fields=["division", "occurred_at"])]

    def __str__(self) -> str:
        return gettext("%(kind)s No. %(number)s/%(year)s") % {
            "kind": self.get_kind_display(), "number": self.number, "year": self.year}

    @property
    def reference(self) -> str:
        """How a permit's archive hold names this record (344 cl.15 ¶2)."""
        return f"{self}, {local_date(self.occurred_at)}"

    @property
    def offers_inspection(self) -> bool:
        return self.kind in OFFER_KINDS

    def get_absolute_url(self) -> str:
        return reverse("control:accident", args=[self.pk])

    def notice_params(self) -> dict:
        return {"record": str(self), "facility": str(self.facility)}

    def signer_role_of(self, person) -> str:
        return "commission_chair"

    def signed_content(self, declaration, subject) -> dict:
        return {"control_record": str(self), "control_act": declaration.code, "control_status": self.status,
                "accident_kind": self.kind, "accident_occurred_at": self.occurred_at.isoformat(),
                "accident_description": self.description, "accident_causes": self.causes,
                "accident_conclusion": self.conclusion, "accident_directive_number": self.directive_number,
                "accident_directive_date": self.directive_date.isoformat() if self.directive_date else "",
                "accident_decision": self.inspection_decision, "accident_decision_reason": self.decision_reason,
                **(subject or {})}


class AccidentVictim(models.Model):
    """Who was affected: a person of the register or, for an outsider, a name; with the injury's severity."""

    accident = models.ForeignKey(Accident, verbose_name=_("accident"), on_delete=models.PROTECT,
                                 related_name="victims")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    person = models.ForeignKey("core.Person", verbose_name=_("person"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name (not in the register)"), max_length=300, blank=True)
    severity = models.CharField(_("severity of the injury"), max_length=20, choices=InjurySeverity.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("person affected")
        verbose_name_plural = _("people affected")
        ordering = ["accident_id", "pk"]
        constraints = [models.CheckConstraint(condition=Q(person__isnull=False) | ~Q(name=""),
                                              name="accident_victim_named")]

    def __str__(self) -> str:
        return str(self.person) if self.person_id else self.name


class AccidentMeasure(models.Model):
    """A measure to prevent it happening again (cl.26.6), with the person responsible and the deadline."""

    accident = models.ForeignKey(Accident, verbose_name=_("accident"), on_delete=models.PROTECT,
                                 related_name="measures")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    text = models.TextField(_("measure"))
    responsible = models.ForeignKey("core.Person", verbose_name=_("responsible person"), on_delete=models.PROTECT,
                                    related_name="+")
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.CharField(_("how it was done"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("measure after an accident")
        verbose_name_plural = _("measures after accidents")
        ordering = ["accident_id", "deadline", "pk"]
        indexes = [models.Index(fields=["organisation", "status", "deadline"])]

    def __str__(self) -> str:
        return self.text[:80]


class AccidentMaterial(StoredFile):
    """A material of the investigation (acts, explanations, photographs, schemes), fixed by its SHA-256."""

    accident = models.ForeignKey(Accident, verbose_name=_("accident"), on_delete=models.PROTECT,
                                 related_name="materials")

    class Meta:
        verbose_name = _("investigation material")
        verbose_name_plural = _("investigation materials")
        ordering = ["accident_id", "pk"]


class AccidentPermit(models.Model):
    """A work permit during whose work it happened (344 cl.15 ¶2). Control never imports permits: the permit is named
    by its id and number, and read through the permits' services (`permits.permit_info`)."""

    accident = models.ForeignKey(Accident, verbose_name=_("accident"), on_delete=models.PROTECT,
                                 related_name="permits")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    permit_id = models.PositiveBigIntegerField(_("work permit"))
    permit_number = models.CharField(_("permit number"), max_length=30)
    reason = models.CharField(_("reason"), max_length=1000)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("linked by"), on_delete=models.PROTECT,
                                  related_name="+")
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        verbose_name = _("work permit of an accident")
        verbose_name_plural = _("work permits of accidents")
        ordering = ["accident_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["accident", "permit_id"], name="accident_permit_unique")]

    def __str__(self) -> str:
        return gettext("Work permit No. %(number)s") % {"number": self.permit_number}
