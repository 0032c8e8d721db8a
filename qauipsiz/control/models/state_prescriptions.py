"""Prescriptions of the state authority (уәкілетті органның нұсқамалары, 315 cl.26.3): the production-control service
keeps them and sees to their execution. Each item cites the legal act's clause as it read on the prescription's date
(315 cl.16: `item.edition`, the `ClauseEdition` in force that day), or, where the clause is not in the library, the
requirement as written.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qauipsiz.formats import local_date

from ..choices import PrescriptionStatus
from .files import StoredFile

__all__ = ["StatePrescription", "StatePrescriptionItem", "StatePrescriptionEvidence"]


class StatePrescription(models.Model):
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    facility = models.ForeignKey("core.HazardousFacility", verbose_name=_("facility"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number"), max_length=50)
    issued_on = models.DateField(_("date"))
    issuing_body = models.CharField(_("issued by (state authority)"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=PrescriptionStatus.choices,
                              default=PrescriptionStatus.OPEN)
    # The earliest deadline of an open item: the list's order and its overdue filter read it without the items.
    next_deadline = models.DateField(_("next deadline"), null=True, blank=True)
    registered_by = models.ForeignKey("accounts.User", verbose_name=_("registered by"), on_delete=models.PROTECT,
                                      related_name="+")
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("prescription of the state authority")
        verbose_name_plural = _("prescriptions of the state authority")
        ordering = ["-issued_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "issuing_body", "number", "issued_on"],
                                               name="state_prescription_unique")]
        indexes = [models.Index(fields=["organisation", "status", "next_deadline"]),
                   models.Index(fields=["division", "status"]),
                   models.Index(fields=["organisation", "issued_on"])]

    def __str__(self) -> str:
        return gettext("Prescription No. %(number)s of %(date)s") % {"number": self.number,
                                                                     "date": local_date(self.issued_on)}

    @property
    def overdue(self) -> bool:
        return (self.status == PrescriptionStatus.OPEN and self.next_deadline is not None
                and self.next_deadline < timezone.localdate())

    def get_absolute_url(self) -> str:
        return reverse("control:state-prescription", args=[self.pk])


class StatePrescriptionItem(models.Model):
    prescription = models.ForeignKey(StatePrescription, verbose_name=_("prescription"), on_delete=models.PROTECT,
                                     related_name="items")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    position = models.PositiveIntegerField(_("No."))
    violation = models.TextField(_("violation found"))
    clause = models.ForeignKey("core.LegalActClause", verbose_name=_("clause"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    edition = models.ForeignKey("core.ClauseEdition", verbose_name=_("wording cited"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    requirement_text = models.TextField(_("requirement (as written in the prescription)"), blank=True)
    deadline = models.DateField(_("deadline"))
    executor = models.ForeignKey("core.Person", verbose_name=_("executor"), on_delete=models.PROTECT,
                                 related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=PrescriptionStatus.choices,
                              default=PrescriptionStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.TextField(_("how it was done"), blank=True)

    class Meta:
        verbose_name = _("item of a state prescription")
        verbose_name_plural = _("items of state prescriptions")
        ordering = ["prescription_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["prescription", "position"], name="state_prescription_item_position"),
            models.CheckConstraint(condition=Q(edition__isnull=False) | ~Q(requirement_text=""),
                                   name="state_prescription_item_cites"),
        ]
        indexes = [models.Index(fields=["organisation", "status", "deadline"]),
                   models.Index(fields=["executor", "status"])]

    def __str__(self) -> str:
        return f"{self.position}. {self.violation[:80]}"

    @property
    def overdue(self) -> bool:
        return self.status == PrescriptionStatus.OPEN and self.deadline < timezone.localdate()

    @property
    def cited_text(self) -> str:
        """The requirement as it read on the prescription's date (315 cl.16), whatever the clause says today."""
        return self.edition.text if self.edition_id else self.requirement_text


class StatePrescriptionEvidence(StoredFile):
    item = models.ForeignKey(StatePrescriptionItem, verbose_name=_("item"), on_delete=models.PROTECT,
                             related_name="evidence")

    class Meta:
        verbose_name = _("evidence of execution")
        verbose_name_plural = _("evidence of execution")
        ordering = ["item_id", "pk"]
