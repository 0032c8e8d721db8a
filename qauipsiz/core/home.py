"""The register's panels of the home page: what needs attention in the user's scope (trainings, certifications),
for the roles that answer for people's training and the devices' certification; and, for those who work under
permits and answer for no one else's training, their own trainings (issue 11: a crew member does not read the
organisation's statistics). The domains give their own panels for the roles that work in them.
"""

from django.db.models import Count, Q
from django.utils import timezone

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.policy import roles_of, visible_to
from qauipsiz.domains import HomePanel

from .filters import EXPIRING_DAYS
from .models import Division, Person, TechnicalDevice, Training, TrainingType

# Those who keep the register and answer for training and certification (315 cl.25), and those who read it all.
OVERVIEW_ROLES = frozenset({Role.HEAD, Role.PC_OFFICIAL, Role.DIVISION_HEAD, Role.CONTRACTOR_REP, Role.AUDITOR,
                            Role.SYSADMIN})


def overview_context(request) -> dict:
    """What needs attention in the user's scope: expired and expiring trainings and certifications."""
    today = timezone.localdate()
    horizon = today + timezone.timedelta(days=EXPIRING_DAYS)
    user = request.user
    trainings = visible_to(user, Training).filter(is_active=True, person__is_active=True)
    devices = visible_to(user, TechnicalDevice).filter(is_active=True)
    counts = {
        "people": visible_to(user, Person).filter(is_active=True).count(),
        "divisions": visible_to(user, Division).filter(is_active=True).count(),
        **devices.aggregate(
            devices=Count("pk"),
            devices_overdue=Count("pk", filter=Q(next_certification_on__lt=today)),
            devices_due=Count("pk", filter=Q(next_certification_on__gte=today, next_certification_on__lte=horizon)),
        ),
        **trainings.aggregate(
            trainings_expired=Count("pk", filter=Q(valid_until__lt=today)),
            trainings_expiring=Count("pk", filter=Q(valid_until__gte=today, valid_until__lte=horizon)),
        ),
    }
    expiring = trainings.filter(valid_until__lte=horizon).select_related("person", "training_type").order_by(
        "valid_until")[:15]
    return {"counts": counts, "expiring": expiring, "today": today,
            "training_bars": training_bars(trainings, today, horizon)}


def training_bars(trainings, today, horizon) -> list[dict]:
    """Per training type: how many records are valid, expire within 30 days, or have expired (a stacked bar)."""
    rows = trainings.values("training_type").annotate(
        valid=Count("pk", filter=Q(valid_until__gt=horizon)),
        expiring=Count("pk", filter=Q(valid_until__gte=today, valid_until__lte=horizon)),
        expired=Count("pk", filter=Q(valid_until__lt=today)),
    ).order_by("training_type")
    types = TrainingType.objects.in_bulk([r["training_type"] for r in rows])
    bars = []
    for row in rows:
        total = row["valid"] + row["expiring"] + row["expired"]
        bars.append({
            "type": types[row["training_type"]], "total": total,
            "parts": [(key, row[key], round(100 * row[key] / total, 1)) for key in ("valid", "expiring", "expired")],
        })
    return sorted(bars, key=lambda bar: str(bar["type"]))


# Those who work in their own part (Order 344) and answer for no one's training but their own.
OWN_ROLES = frozenset({Role.PERMIT_ISSUER, Role.ADMITTING_PERSON, Role.RESPONSIBLE_MANAGER, Role.WORK_PERFORMER,
                       Role.CREW_MEMBER})


def own_trainings_context(request) -> dict | None:
    """The person's own trainings, expiring first; nothing for one who reads the overview (it has them all)."""
    user = request.user
    person = getattr(user, "person", None)
    if person is None or roles_of(user) & OVERVIEW_ROLES:
        return None
    today = timezone.localdate()
    trainings = list(Training.objects.filter(person=person, is_active=True).select_related("training_type")
                     .order_by("valid_until", "pk"))
    return {"own_trainings": trainings, "today": today,
            "horizon": today + timezone.timedelta(days=EXPIRING_DAYS)}


OVERVIEW_PANEL = HomePanel(name="core.overview", template="core/_home_overview.html", context=overview_context,
                           roles=OVERVIEW_ROLES, order=50)
OWN_TRAININGS_PANEL = HomePanel(name="core.own_trainings", template="core/_home_own_trainings.html",
                                context=own_trainings_context, roles=OWN_ROLES, order=60)
