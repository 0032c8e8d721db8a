"""The permits' panels of the home page (issue 11: each role starts at its own work).

- "My permits", for everyone who works under permits: the open permits and drafts that name the person, each with the
  step it waits for and who takes it (`selectors.waiting_steps`, the rules of "My tasks").
- "Open work permits", for those who answer for the organisation's or a division's work (the head, production-control
  officials, division heads, a contractor's representative for his firm): the open permits they see counted by
  status, those lapsing within the hour (as the board's card warns of them) and those blocked (suspended, or lapsed:
  no work goes on until they are resumed, extended or closed). Why each waits, in the words of its act's guard, is
  the wall board's (`wall.py`), which asks the guards of every permit: more than a home page should query.
"""

from django.db.models import Count, Q
from django.utils import timezone

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.policy import roles_of
from qauipsiz.domains import HomePanel

from .analytics import may_read
from .choices import OPEN_STATUSES, Status
from .gatekeeper import person_of, visible_permits
from .models import Permit
from .selectors import ENDING_SOON, waiting_steps
from .views.common import may_draw_up

# Those who oversee the work under permits of the organisation, a division or a contractor: the state of it all.
STATE_ROLES = frozenset({Role.HEAD, Role.PC_OFFICIAL, Role.DIVISION_HEAD, Role.CONTRACTOR_REP})
# Everyone who may be named in a permit (344 cl.16-cl.20): their own permits first.
PERMIT_ROLES = STATE_ROLES | {Role.PERMIT_ISSUER, Role.ADMITTING_PERSON, Role.RESPONSIBLE_MANAGER, Role.WORK_PERFORMER,
                              Role.CREW_MEMBER}
# The board's order: work going on first.
STATUS_ORDER = (Status.IN_PROGRESS, Status.ADMITTED, Status.PAUSED, Status.SUSPENDED, Status.LAPSED, Status.ISSUED,
                Status.COMPLETED)
# Work stands still on these until someone acts (344 cl.6, cl.27).
BLOCKED = (Status.SUSPENDED, Status.LAPSED)
ATTENTION_LIMIT = 10
MY_PERMITS_LIMIT = 20


def open_permits_context(request) -> dict:
    now = timezone.now()
    # By the status people read (344 cl.6), so that the tile of lapsed permits and the list it opens agree.
    permits = (visible_permits(request.user, Permit.objects.filter(status__in=OPEN_STATUSES)).order_by()
               .annotate(current=Permit.effective_status_of(now)))
    counts = dict(permits.values_list("current").annotate(count=Count("pk")))
    rows = [{"status": status, "label": Status(status).label, "count": counts[status]}
            for status in STATUS_ORDER if counts.get(status)]
    # The board card's "ending soon" (`selectors._card`) as a condition: not lapsed, not completed, valid for less
    # than the hour.
    lapsing = (Q(valid_until__lte=now + ENDING_SOON) & ~Q(current=Status.LAPSED) & ~Q(status=Status.COMPLETED))
    attention = list(permits.filter(lapsing | Q(current__in=BLOCKED)).select_related("division", "performer")
                     .order_by("valid_until", "pk")[:ATTENTION_LIMIT])
    for permit in attention:
        permit.blocked = permit.current in BLOCKED
        permit.current_label = Status(permit.current).label
    return {"open_permit_rows": rows, "open_permit_total": sum(counts.values()), "attention": attention,
            "lapsing_soon": sum(not p.blocked for p in attention), "blocked": sum(p.blocked for p in attention)}


def my_permits_context(request) -> dict | None:
    """The person's own permits; nothing for one without a person, or for an overseer whom no permit names (the
    state of the work is his panel)."""
    if person_of(request.user) is None:
        return None
    # Those waiting on him first, each group latest first.
    rows = sorted(waiting_steps(request.user, limit=MY_PERMITS_LIMIT),
                  key=lambda row: not any(step["mine"] for step in row["steps"]))
    if not rows and roles_of(request.user) & STATE_ROLES:
        return None
    # Issue 11: the issuer's work starts with a new draft; one press from home, not three through the menu and list.
    return {"my_permits": rows, "my_permits_limit": MY_PERMITS_LIMIT, "analytics_link": may_read(request.user),
            "can_draw_up": may_draw_up(request.user)}


MY_PERMITS_PANEL = HomePanel(name="permits.mine", template="permits/_home_my_permits.html",
                             context=my_permits_context, roles=PERMIT_ROLES, order=5)
OPEN_PERMITS_PANEL = HomePanel(name="permits.open", template="permits/_home_open_permits.html",
                               context=open_permits_context, roles=STATE_ROLES, order=10)
