"""Statuses and kinds of production-control records."""

from django.db import models  # noqa: E402  (each sub-domain's choices follow under its heading)
from django.utils.translation import gettext_lazy as _  # noqa: E402
from django.utils.translation import pgettext_lazy  # noqa: E402

# --- Examinations and removal from work (315 cl.4.6, cl.4.7, cl.4.10, cl.26.5, cl.27.4) ------------------------------


class ExaminationKind(models.TextChoices):
    """What is done to a technical device, a building or a structure on its due date (315 cl.4.6, cl.26.5)."""

    EXPERT_EXAMINATION = "expert_examination", _("Industrial-safety expert examination")
    CERTIFICATION = "certification", _("Technical certification")
    INSPECTION = "inspection", _("Technical inspection")


class ExaminationResult(models.TextChoices):
    FIT = "fit", pgettext_lazy("examination result", "Fit for operation")
    FIT_WITH_CONDITIONS = "fit_with_conditions", pgettext_lazy("examination result", "Fit with conditions")
    UNFIT = "unfit", pgettext_lazy("examination result", "Unfit for operation")


class RemovalStatus(models.TextChoices):
    """A proposal to remove a person from work (315 cl.4.7) and what the head decided (cl.27.4)."""

    PROPOSED = "proposed", pgettext_lazy("removal status", "Proposed")
    REMOVED = "removed", pgettext_lazy("removal status", "Removed from work")
    REJECTED = "rejected", pgettext_lazy("removal status", "Rejected")
    LIFTED = "lifted", pgettext_lazy("removal status", "Lifted")
