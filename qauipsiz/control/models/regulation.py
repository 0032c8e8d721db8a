"""The Regulation on production control (315 cl.5-6), in versions, and the effectiveness criteria it lists (cl.6.5).

A version is drawn up as a draft from the organisation's data, its narrative sections edited by the officials, then
approved by the head with a signature: the approval freezes the whole text (`content`, every language) and the SHA-256
of its PDFs, both ledgered, so that later changes to the register never change what was approved. A new draft starts
from the approved version's wording.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qauipsiz.core.i18n import TranslatedNameModel
from qauipsiz.core.models import Organisation, RecordModel

from ..choices import CriterionDirection, CriterionMeasure, CriterionUnit, RegulationStatus

__all__ = ["EffectivenessCriterion", "Regulation"]


class Regulation(models.Model):
    """One version of an organisation's Regulation on production control."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="control_regulations")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=RegulationStatus.choices,
                              default=RegulationStatus.DRAFT)
    based_on = models.ForeignKey("self", verbose_name=_("based on"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="successors")
    # The wording the organisation gives the sections the law leaves to it: {section: {"kk": ..., "ru": ..., "en": ...}}.
    narrative = models.JSONField(_("narrative sections"), default=dict, blank=True)
    # Frozen at approval: the whole text in every language, and the SHA-256 of each language's PDF.
    content = models.JSONField(_("approved text"), null=True, blank=True)
    pdf_sha256 = models.JSONField(_("SHA-256 of the approved PDFs"), default=dict, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("regulation on production control")
        verbose_name_plural = _("regulations on production control")
        ordering = ["organisation_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="control_regulation_version_unique"),
            # One draft at a time: the next version is edited in one place.
            models.UniqueConstraint(fields=["organisation"], condition=Q(status=RegulationStatus.DRAFT),
                                    name="control_regulation_one_draft"),
        ]
        indexes = [models.Index(fields=["organisation", "status", "approved_at"])]

    def __str__(self) -> str:
        return gettext("Regulation on production control, version %(version)s") % {"version": self.version}

    @property
    def is_draft(self) -> bool:
        return self.status == RegulationStatus.DRAFT

    def get_absolute_url(self) -> str:
        return reverse("control:regulation-detail", args=[self.pk])

    def signed_content(self, declaration, subject) -> dict:
        """What the head signs: the version and the SHA-256 of its text as generated now (every language)."""
        from ..regulation_content import content_sha256, regulation_content

        return {"control_record": f"control.regulation:{self.pk}", "control_act": declaration.code,
                "control_status": self.status, "regulation_version": self.version,
                "regulation_text_sha256": content_sha256(regulation_content(self))}

    def notice_params(self) -> dict:
        return {"record": str(self), "version": self.version}


class EffectivenessCriterion(TranslatedNameModel, RecordModel):
    """A criterion of the effectiveness of production control (315 cl.6.5) with its target: part 4 (the annual
    analysis, cl.20) computes the measure against it."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="control_criteria")
    measure = models.CharField(_("computed measure"), max_length=30, choices=CriterionMeasure.choices)
    description = models.TextField(_("how it is computed"), blank=True,
                                   help_text=_("Required for another measure: what is counted and how."))
    manual_value = models.DecimalField(_("figure entered by the organisation"), max_digits=12, decimal_places=2,
                                       null=True, blank=True, help_text=_("For another measure only."))
    target = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, choices=CriterionUnit.choices)
    direction = models.CharField(_("target is met when the value is"), max_length=10,
                                 choices=CriterionDirection.choices)
    position = models.PositiveSmallIntegerField(_("place in the list"), default=0)

    class Meta:
        verbose_name = _("effectiveness criterion")
        verbose_name_plural = _("effectiveness criteria")
        ordering = ["organisation_id", "position", "id"]
        indexes = [models.Index(fields=["organisation", "is_active", "position"])]

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.measure == CriterionMeasure.OTHER and not self.description.strip():
            raise ValidationError({"description": _("Say how the organisation computes this measure.")})
        if self.measure != CriterionMeasure.OTHER and self.manual_value is not None:
            raise ValidationError({"manual_value": _("A computed measure takes no figure entered by hand.")})
