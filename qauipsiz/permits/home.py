"""The permits' panel of the home page: the open permits the user sees, counted by status, with the way to them."""

from django.db.models import Count
from django.utils import timezone

from qauipsiz.accounts.choices import Role
from qauipsiz.domains import HomePanel

from .choices import OPEN_STATUSES, Status
from .gatekeeper import visible_permits
from .models import Permit

# The roles that draw up, admit, lead, perform or oversee work under permits (Order 344).
PERMIT_ROLES = frozenset({Role.HEAD, Role.PC_OFFICIAL, Role.DIVISION_HEAD, Role.PERMIT_ISSUER, Role.ADMITTING_PERSON,
                          Role.RESPONSIBLE_MANAGER, Role.WORK_PERFORMER, Role.CREW_MEMBER, Role.CONTRACTOR_REP})
# The board's order: work going on first.
STATUS_ORDER = (Status.IN_PROGRESS, Status.ADMITTED, Status.PAUSED, Status.SUSPENDED, Status.LAPSED, Status.ISSUED,
                Status.COMPLETED)


def open_permits_context(request) -> dict:
    # By the status people read (344 cl.6), so that the tile of lapsed permits and the list it opens agree.
    counts = dict(visible_permits(request.user, Permit.objects.filter(status__in=OPEN_STATUSES)).order_by()
                  .annotate(current=Permit.effective_status_of(timezone.now()))
                  .values_list("current").annotate(count=Count("pk")))
    rows = [{"status": status, "label": Status(status).label, "count": counts[status]}
            for status in STATUS_ORDER if counts.get(status)]
    return {"open_permit_rows": rows, "open_permit_total": sum(counts.values())}


OPEN_PERMITS_PANEL = HomePanel(name="permits.open", template="permits/_home_open_permits.html",
                               context=open_permits_context, roles=PERMIT_ROLES, order=10)
