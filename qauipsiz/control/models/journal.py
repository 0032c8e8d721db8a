"""The production-control journal (315 cl.12): every inspection result, in order, numbered per organisation and year
without gaps, and never altered.

The Annex 2 form is referred to but not in the text, so the columns are modelled from the clause (date, object, kind,
official, findings, act or prescription number, follow-up) and chosen per organisation (`FormLayout`). An entry is
written once, when the inspection is completed, and ledgered; what happens later (the act or prescription of part 3,
the follow-up) is added as notes, each ledgered too, never by changing the entry.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import InspectionKind
from ..numbering import display_number

__all__ = ["JournalEntry", "JournalNote"]


class JournalEntry(models.Model):
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    year = models.PositiveIntegerField(_("year"))
    number = models.PositiveIntegerField(_("No."))
    inspection = models.OneToOneField("control.Inspection", verbose_name=_("inspection"), on_delete=models.PROTECT,
                                      related_name="journal_entry")
    entered_at = models.DateTimeField(_("entered"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT,
                                   related_name="+")
    # The columns as they were when the entry was made: later changes to the register never change the journal.
    inspected_on = models.DateField(_("date of the inspection"))
    object_label = models.CharField(_("object"), max_length=500)
    kind = models.CharField(_("kind of inspection"), max_length=20, choices=InspectionKind.choices)
    official_name = models.CharField(_("official"), max_length=300)
    findings_count = models.PositiveIntegerField(_("violations found"))
    findings_summary = models.TextField(_("violations found"), blank=True)
    report_number = models.CharField(_("report number"), max_length=50)
    result = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["year", "number"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year", "number"],
                                               name="control_journal_gapless_number")]
        indexes = [models.Index(fields=["organisation", "inspected_on"]),
                   models.Index(fields=["division", "inspected_on"])]

    def __str__(self) -> str:
        return str(_("Journal entry No. %(number)s")) % {"number": self.display_number}

    @property
    def display_number(self) -> str:
        return display_number(self.number, self.year)

    def get_absolute_url(self) -> str:
        return reverse("control:journal-entry", args=[self.pk])


class JournalNote(models.Model):
    """What followed an entry: the act or prescription drawn up, the follow-up done. Added, never edited."""

    entry = models.ForeignKey(JournalEntry, verbose_name=_("journal entry"), on_delete=models.PROTECT,
                              related_name="notes")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    document_number = models.CharField(_("act or prescription number"), max_length=50, blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT,
                                 related_name="+")
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("journal note")
        verbose_name_plural = _("journal notes")
        ordering = ["entry_id", "added_at", "id"]

    def __str__(self) -> str:
        return self.document_number or self.follow_up[:80]
