"""What the act mechanism itself stores: the replay records of `Idempotency-Key` (see `idempotency.py`)."""

from django.conf import settings
from django.db import models


class IdempotentRequest(models.Model):
    """A request made with an Idempotency-Key: repeated, it answers the first result instead of signing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="acts_idempotent_request_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"
