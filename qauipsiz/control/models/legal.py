"""Notices of changes to the legal acts (315 cl.4.11).

315 cl.4.11: the production-control officials bring to the attention of the workers of the hazardous facilities the
information on amendments and additions to the legal acts on industrial safety. A `ChangeNotice` is one such
information: a clause's new edition (a new wording or a repeal), sent to the workers it concerns, chosen by role,
division and/or facility. The recipients are fixed when it is sent (`ChangeNoticeRecipient`, one row per person); each
acknowledges it themself.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole

__all__ = ["ChangeNotice", "ChangeNoticeRecipient"]


class ChangeNotice(models.Model):
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="change_notices")
    edition = models.ForeignKey("core.ClauseEdition", verbose_name=_("clause edition"), on_delete=models.PROTECT,
                                related_name="change_notices")
    # The audience as chosen: the recipients below are who it matched when the notice was sent.
    access_roles = models.JSONField(_("access roles"), default=list, blank=True)
    appointment_roles = models.JSONField(_("appointed functions"), default=list, blank=True)
    division = models.ForeignKey("core.Division", verbose_name=_("division (with its subdivisions)"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="change_notices")
    facility = models.ForeignKey("core.HazardousFacility", verbose_name=_("facility"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="change_notices")
    message = models.TextField(_("comment"), blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT,
                                related_name="+")
    sent_by_name = models.CharField(_("sent by"), max_length=300)
    sent_at = models.DateTimeField(_("sent at"), db_index=True)

    class Meta:
        verbose_name = _("notice of a change to a legal act")
        verbose_name_plural = _("notices of changes to legal acts")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["organisation", "sent_at"])]

    def __str__(self) -> str:
        return str(self.edition)

    @property
    def role_labels(self) -> list[str]:
        """The roles chosen, in the reader's language."""
        return [str(Role(r).label) for r in self.access_roles if r in Role.values] + [
            str(AppointmentRole(r).label) for r in self.appointment_roles if r in AppointmentRole.values]

    def get_absolute_url(self) -> str:
        return reverse("control:change-notice", args=[self.pk])


class ChangeNoticeRecipient(models.Model):
    notice = models.ForeignKey(ChangeNotice, verbose_name=_("notice"), on_delete=models.PROTECT,
                               related_name="recipients")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    person = models.ForeignKey("core.Person", verbose_name=_("worker"), on_delete=models.PROTECT,
                               related_name="change_notices")
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recipient of a change notice")
        verbose_name_plural = _("recipients of change notices")
        ordering = ["notice_id", "person__last_name", "person__first_name", "id"]
        constraints = [models.UniqueConstraint(fields=["notice", "person"], name="change_notice_recipient_unique")]
        indexes = [models.Index(fields=["person", "acknowledged_at"]),
                   models.Index(fields=["notice", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.notice}"

    def get_absolute_url(self) -> str:
        return reverse("control:change-receipt", args=[self.pk])
