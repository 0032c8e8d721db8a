"""The home panels of production control (the site composes them into the home page)."""

from qauipsiz.accounts.choices import Role
from qauipsiz.domains import HomePanel

from .gatekeeper import KEEPERS
from .views.legal import notices_of, own_receipts

HOME_PANELS: list = []


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
