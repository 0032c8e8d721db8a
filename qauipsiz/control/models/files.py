"""A file kept with a production-control record, fixed by its SHA-256 (the permits' attachments, 344 cl.4, made
general): the accident's investigation materials, the evidence of a state prescription's execution. The service that
stores it (`control.services.files.store`) hashes it, names it by its hash and ledgers it with the hash, so a file
swapped on the disk later is found out by `qauipsiz verify`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def stored_file_path(instance, filename: str) -> str:
    # Named by content hash: the same file kept twice is stored once, and a stored file never changes name.
    return f"control/{instance.organisation_id}/{instance.sha256[:2]}/{instance.sha256}"


class StoredFile(models.Model):
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=stored_file_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=300)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT,
                                 related_name="+")
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.title} ({self.filename})"
