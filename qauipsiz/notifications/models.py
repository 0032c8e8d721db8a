"""Notices to users ("the permit lapsed", "waiting for your signature") and the lock that runs scheduled jobs once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """One message to one user. The text is kept untranslated with its parameters and shown in the reader's language."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="notices")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE,
                                     related_name="+")
    message = models.CharField(_("message"), max_length=300)
    params = models.JSONField(default=dict)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at", "created_at"])]

    def __str__(self) -> str:
        return self.message


class JobRun(models.Model):
    """A scheduled job's lock row: `qauipsiz tick` locks it so that several servers never run a job twice at once."""

    name = models.CharField(max_length=100, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_result = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.name


class OutboxMessage(models.Model):
    """A notice still to be sent, written in the transaction of the act it tells about (so it exists exactly when the
    act does). The worker (`qauipsiz tick`, job `notifications.outbox`) builds the in-app notices and e-mails from it:
    no request waits for them."""

    kind = models.CharField(max_length=100)  # the builder registered for it (`outbox.register_builder`)
    payload = models.JSONField(default=dict)
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["sent_at", "id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.payload}"
