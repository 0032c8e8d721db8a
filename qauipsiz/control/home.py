"""The home panels of production control (the site composes them into the home page)."""

from qauipsiz.accounts.choices import Role
from qauipsiz.domains import HomePanel

from .gatekeeper import KEEPERS
from .views.legal import notices_of, own_receipts

HOME_PANELS: list = []

# --- Examinations and removal from work (315 cl.4.6, cl.4.7, cl.26.5, cl.27.4) ---------------------------------------
import datetime  # noqa: E402

from django.db.models import Count, Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from qauipsiz.accounts.choices import Action  # noqa: E402
from qauipsiz.accounts.policy import may_act_on_type, organisations_for, visible_to  # noqa: E402

# The heads, the officials and the division heads (their division: the gatekeeper, 315 cl.25).
ATTENTION_ROLES = frozenset({Role.HEAD, Role.FIRST_HEAD, Role.PC_OFFICIAL, Role.PC_SERVICE_HEAD, Role.PC_RESPONSIBLE,
                             Role.DIVISION_HEAD})


def certifications_context(request) -> dict | None:
    from .models import Examination
    from .removal_selectors import attention_q, soon_days

    if not may_act_on_type(request.user, Action.VIEW, Examination):
        return None
    today, soon = timezone.localdate(), soon_days()
    rows = visible_to(request.user, Examination).filter(attention_q(today, soon))
    counts = rows.aggregate(overdue=Count("pk", filter=Q(due_on__lt=today)),
                            due=Count("pk", filter=Q(due_on__gte=today)))
    first = list(rows.select_related("device", "building").order_by("due_on", "id")[:10])
    return {"examination_counts": counts, "examinations": first, "today": today, "soon": soon,
            "soon_until": today + datetime.timedelta(days=soon)}


def lapses_context(request) -> dict | None:
    from .models import Removal
    from .removal_selectors import soon_days, training_lapses

    organisation = organisations_for(request.user, Action.VIEW, Removal).first()
    if organisation is None:
        return None
    lapses = training_lapses(request.user, organisation.pk)
    return {"lapsed": sum(1 for lapse in lapses if lapse.state != "lapsing"),
            "lapsing": sum(1 for lapse in lapses if lapse.state == "lapsing"), "lapses": lapses[:10],
            "soon": soon_days()}


HOME_PANELS.append(HomePanel(name="control.certifications", template="control/removal/_home_certifications.html",
                             context=certifications_context, roles=ATTENTION_ROLES, order=40))
HOME_PANELS.append(HomePanel(name="control.lapses", template="control/removal/_home_lapses.html",
                             context=lapses_context, roles=ATTENTION_ROLES, order=41))


# --- Accidents under investigation; state-authority prescriptions open (315 cl.4.9, cl.26.3) ----------------------

def _state_prescriptions_panel(request):
    from . import prescription_selectors

    rows = prescription_selectors.open_for_panel(request.user)
    return {"prescriptions": rows} if rows else None


def _accidents_panel(request):
    from . import accident_selectors

    rows = list(accident_selectors.under_investigation(request.user))
    return {"accidents": rows} if rows else None


def _panels() -> list:
    from qauipsiz.accounts.choices import Role
    from qauipsiz.domains import HomePanel

    roles = frozenset({Role.HEAD, Role.FIRST_HEAD, Role.PC_OFFICIAL, Role.PC_SERVICE_HEAD, Role.PC_RESPONSIBLE})
    return [HomePanel(name="control.state_prescriptions_open", template="control/_home_state_prescriptions.html",
                      context=_state_prescriptions_panel, roles=roles, order=40),
            HomePanel(name="control.accidents_investigating", template="control/_home_accidents.html",
                      context=_accidents_panel, roles=roles, order=41)]


HOME_PANELS.extend(_panels())


# -- legal acts: changes to acknowledge (315 cl.4.11) -----------------------------------------------------------------

def _my_changes(request) -> dict | None:
    """A worker's changes still to acknowledge; nothing when there are none."""
    pending = list(own_receipts(request.user).filter(acknowledged_at__isnull=True)[:10])
    return {"my_changes": pending} if pending else None


def _unacknowledged(request) -> dict | None:
    """The officials' notices that some recipients have not acknowledged yet."""
    notices = [n for n in notices_of(request.user).filter(
        recipients__acknowledged_at__isnull=True).distinct().order_by("-sent_at")[:10]
        if n.acknowledged_count < n.recipients_count]
    return {"unacknowledged": notices} if notices else None


HOME_PANELS.append(HomePanel(name="control.my_changes", template="control/legal/_home_my_changes.html",
                             context=_my_changes, roles=frozenset(Role), order=40))
HOME_PANELS.append(HomePanel(name="control.unacknowledged_changes",
                             template="control/legal/_home_unacknowledged.html", context=_unacknowledged,
                             roles=frozenset(KEEPERS), order=45))

# --- Plans (315 cl.4.1, cl.4.5): the items overdue, for the heads, the officials and a division's head (his own) ---
PANEL_ITEMS = 10


def _overdue_context(request) -> dict | None:
    from .plan_selectors import overdue_items

    items = overdue_items(request.user)
    shown = list(items[:PANEL_ITEMS])
    if not shown:
        return None
    return {"overdue_items": shown, "overdue_count": items.count() if len(shown) == PANEL_ITEMS else len(shown)}


HOME_PANELS.append(HomePanel(
    name="control.plan_items_overdue", template="control/plans/_home_overdue.html", context=_overdue_context,
    roles=frozenset({Role.HEAD, Role.FIRST_HEAD, Role.PC_OFFICIAL, Role.PC_SERVICE_HEAD, Role.PC_RESPONSIBLE,
                     Role.DIVISION_HEAD}), order=40))
