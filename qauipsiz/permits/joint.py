"""344 cl.7, the joint measures: a model of the permits app in its own module so that `models.py` stays readable;
`models` imports it.

"When several contractor organisations work at one site at the same time, before the work permit is issued the customer
organisation, together with the contractor organisations, develops additional labour-safety measures and indicates them
in the permit given to the work performer of each organisation" (344 cl.7, the Kazakh text). The agreement is proposed by
one permit's issuer and signed by the issuer of every permit concerned and by the customer; only once every party has
signed are the measures entered in each permit, so nothing is added to an issued permit without its issuer's signature.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import JointStatus


class OverlapAgreement(models.Model):
    """344 cl.7: additional joint measures for several organisations' performers working at one site at one time."""

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="overlap_agreements")
    permits = models.ManyToManyField("permits.Permit", verbose_name=_("work permits"),
                                     related_name="overlap_agreements")
    measures = models.TextField(_("additional joint measures"))
    status = models.CharField(_("status"), max_length=20, choices=JointStatus.choices, default=JointStatus.PROPOSED)
    proposed_at = models.DateTimeField(_("proposed"))
    proposed_by = models.ForeignKey("core.Person", verbose_name=_("proposed by"), on_delete=models.PROTECT,
                                    related_name="+")
    # When the last party signed: from then on the measures are in every permit concerned.
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey("core.Person", verbose_name=_("withdrawn by"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        verbose_name = _("joint measures agreement")
        verbose_name_plural = _("joint measures agreements")
        ordering = ["-proposed_at", "-id"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return _("Joint measures agreement No. %(number)s (344 cl.7)") % {"number": self.pk}


class JointSignature(models.Model):
    """One party's signature of a joint measures agreement: the issuer of a permit concerned, or the customer's
    representative where no permit of the customer is concerned (344 cl.7). Who must sign is fixed when the agreement is
    proposed; `signed_at` is set by the act that signs."""

    agreement = models.ForeignKey(OverlapAgreement, verbose_name=_("joint measures agreement"),
                                  on_delete=models.CASCADE, related_name="signatures")
    signatory = models.ForeignKey("core.Person", verbose_name=_("signs"), on_delete=models.PROTECT, related_name="+")
    # The party the signatory signs for: a contractor, or the customer (the operating organisation) when empty.
    contractor = models.ForeignKey("core.Contractor", verbose_name=_("contractor"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)

    class Meta:
        verbose_name = _("joint measures signature")
        verbose_name_plural = _("joint measures signatures")
        ordering = ["agreement_id", "id"]
        constraints = [models.UniqueConstraint(fields=["agreement", "signatory"], name="joint_signature_once")]
        indexes = [models.Index(fields=["signatory"], condition=Q(signed_at__isnull=True),
                                name="joint_signature_pending")]

    def __str__(self) -> str:
        return str(self.signatory)
