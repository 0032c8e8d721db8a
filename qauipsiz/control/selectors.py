"""The reads production control shares between its pages, API and documents."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from qauipsiz.core.i18n import pick_translation

# --- The Regulation on production control (315 cl.5-6) ---------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    """An effectiveness criterion (315 cl.6.5) as the annual analysis (cl.20) computes against it: the measure code
    (`choices.CriterionMeasure`), its name in the reader's language, the target, its unit and direction, and for the
    organisation's own measure how it is computed and the figure it entered."""

    measure: str
    name: str
    target: Decimal
    unit: str
    direction: str
    description: str = ""
    manual_value: Decimal | None = None

    def met_by(self, value: Decimal) -> bool:
        from .choices import CriterionDirection

        return value >= self.target if self.direction == CriterionDirection.AT_LEAST else value <= self.target


def regulation_in_force(organisation, on: datetime.date | None = None):
    """The version of the Regulation approved last on or before `on` (today by default), or None."""
    from .models import Regulation

    on = on or timezone.localdate()
    end = datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time(), timezone.get_current_timezone())
    return (Regulation.objects.filter(organisation=organisation, approved_at__lt=end, content__isnull=False)
            .order_by("-approved_at", "-version").first())


def effectiveness_criteria(organisation, on: datetime.date | None = None) -> list[Criterion]:
    """The criteria and targets production control is assessed against on `on` (315 cl.6.5, cl.20): those of the
    Regulation in force that day as approved; before any approval, the organisation's criteria as they stand now."""
    from .models import EffectivenessCriterion

    regulation = regulation_in_force(organisation, on)
    if regulation is not None:
        return [Criterion(measure=c["measure"], name=pick_translation(_Names(c["name"]), "name"),
                          target=Decimal(c["target"]), unit=c["unit"], direction=c["direction"],
                          description=c["description"],
                          manual_value=None if c["manual_value"] is None else Decimal(c["manual_value"]))
                for c in regulation.content.get("criteria", [])]
    return [Criterion(measure=c.measure, name=c.name, target=c.target, unit=c.unit, direction=c.direction,
                      description=c.description, manual_value=c.manual_value)
            for c in EffectivenessCriterion.objects.filter(organisation=organisation, is_active=True)]


class _Names:
    """A frozen {"kk", "ru", "en"} read through `pick_translation` like a record's translated field."""

    def __init__(self, names: dict):
        for code, text in names.items():
            setattr(self, f"name_{code}", text)
