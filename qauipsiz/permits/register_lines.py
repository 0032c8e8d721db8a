"""The kept lines of the register (Annex 2, 344 cl.13): a model of the permits app, in its own module so that
`models.py` stays readable; `models` imports it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Status


class RegisterLine(models.Model):
    """The line of the register (Annex 2) of a permit that retention purged: the register is the laced and numbered
    book of every permit issued (344 cl.13), and it keeps its lines when the permits themselves go after their year
    (cl.14-15).

    Every column of Annex 2 is copied from the permit before it goes (the admission periods, the number, the issuer,
    the nature of the work), with what decides which book and which reader it belongs to (organisation, contractor,
    division). Written once, ledgered, and never purged: no retention rule names it.
    """

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="register_lines")
    # 344 cl.9, cl.15: a contractor's permit is in the book of the contractor that issued it.
    contractor = models.ForeignKey("core.Contractor", verbose_name=_("contractor"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="register_lines")
    division = models.ForeignKey("core.Division", verbose_name=_("site / workshop"), on_delete=models.PROTECT,
                                 related_name="register_lines")
    # The purged permit's id: its ledger entries and tombstone still name it.
    permit_id = models.PositiveBigIntegerField(_("work permit id"), unique=True)
    number = models.PositiveIntegerField(_("number"))
    year = models.PositiveSmallIntegerField(_("year"))
    # [{"kind": "initial"|"readmission", "started_at": ISO, "ended_at": ISO or null}, ...] in start order.
    periods = models.JSONField(_("admission periods"), default=list)
    issuer = models.CharField(_("issued by"), max_length=500)
    work_type_kk = models.CharField(_("work type (Kazakh)"), max_length=300, blank=True)
    work_type_ru = models.CharField(_("work type (Russian)"), max_length=300, blank=True)
    work_type_en = models.CharField(_("work type (English)"), max_length=300, blank=True)
    scope_of_work = models.TextField(_("scope of work"))
    place = models.CharField(_("place of work"), max_length=500)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    kept_at = models.DateTimeField(_("kept"))

    class Meta:
        verbose_name = _("kept register line")
        verbose_name_plural = _("kept register lines")
        ordering = ["organisation_id", "year", "number"]
        indexes = [models.Index(fields=["organisation", "year", "number"])]

    def __str__(self) -> str:
        return _("Register line of work permit No. %(number)s/%(year)s") % {"number": self.number, "year": self.year}

    @property
    def display_number(self) -> str:
        return f"{self.number}/{self.year}"
