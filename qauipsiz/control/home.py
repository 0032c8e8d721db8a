"""The home panels of production control (the site composes them into the home page)."""

from qauipsiz.accounts.choices import Role
from qauipsiz.domains import HomePanel

HOME_PANELS: list = []

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
