from django.db import models


class ToyRecord(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=100)
    ended_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, default="draft")
    note = models.CharField(max_length=200, blank=True)
    # The person who co-signs the confirmation (the toy's act with a co-signer).
    reviewer = models.ForeignKey("core.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    def __str__(self) -> str:
        return f"Toy record {self.title}"
