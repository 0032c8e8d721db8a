"""Issue 11, "Shown by": the reference job carried through the pages in Kazakh, with a crew of three, counting the
clicks and the signatures against the targets (at most one signature per person per act the law requires, at most 60
clicks). `pytest -s` prints the table of the counts per step.

One hot-work job goes from a new draft to closure at /kk/, each person at his own login, starting from his home page
(his work is there: "My permits" and the links to his own steps) and clicking only what the pages offer:

issuer: the new draft (from home), issue (item 6) → shift supervisor: approval (item 8) → admitting person: air sample
(5.4), the measures at once (item 7), admission (item 9), the crew of three added and briefed, each member co-signing
on his device (item 11) → performer: the workplace accepted (item 10), the work started (item 11) → admitting person:
the extension for the next shift, the performer co-signing on his device (item 12) → performer: hand-back (item 13) →
admitting person: closure (344 cl.11). After each step the permit page's readiness panel names the next step and who
takes it (or who must act first on what is missing).

How it is counted (`Job`, the one wrapper every interaction goes through):
- clicks: a click, a check of a box, a choice in a select is one click; a choice of several entries in a multiple
  select is one click for each entry; pressing the login form's button counts too;
- typing into a field is no click (`fill()`, which does not click the field first);
- page loads: every load of a whole page in the browser (the `load` event: the login page by `goto`, the only `goto`,
  and every page a click or a form leads to); htmx's panels are not page loads;
- logins: each login form sent;
- signatures: each password typed into a signing box, counted for the person whose box it is and the act of the law
  it signs. An act is the act over the permit, or over one row of the permit: the crew's briefing (item 11) is a row
  per member, each signed by the member and by the admitting person who briefed him (the printed form's item 11), so
  `brief_member: <member>` is one act per member. The ledger is checked to hold exactly the signatures typed, none
  twice by one person for one purpose over one record.

The live server runs on the real clock, so the shift schedule starts the next shift 35 minutes from now and the
extension window is 20 minutes at the admission (which is for the running shift) and 60 at the extension (as
`test_permit_flow.py` does).
"""

import datetime
import json
from collections import Counter
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from qauipsiz.ledger.models import Signature
from qauipsiz.permits.choices import Status
from qauipsiz.permits.models import Permit
from tests.permits.conftest import PASSWORD, builtin_work_type

from .test_permit_flow import LOCAL, site_with_shifts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
MAX_CLICKS = 60


@dataclass
class Step:
    name: str
    person: str
    clicks: int = 0
    loads: int = 0
    logins: int = 0
    signatures: int = 0
    next: str = ""


class Job:
    """Every interaction of the reference job, counted (see the module's docstring for the rule)."""

    def __init__(self, page, site):
        self.page, self.site = page, site
        self.steps: list[Step] = []
        self.signatures: Counter = Counter()
        self.who = None
        page.on("load", lambda _page: self._count_load())

    def _count_load(self):
        if self.steps:
            self.steps[-1].loads += 1

    def step(self, name: str) -> None:
        self.steps.append(Step(name, self.who.short_name if self.who else "—"))

    @property
    def now(self) -> Step:
        return self.steps[-1]

    # --- the counted interactions ---------------------------------------------------------------------------------
    def click(self, locator) -> None:
        locator.click()
        self.now.clicks += 1

    def check(self, locator) -> None:
        locator.check()
        self.now.clicks += 1

    def select(self, locator, **choice) -> None:
        locator.select_option(**choice)
        chosen = next(iter(choice.values()))
        self.now.clicks += len(chosen) if isinstance(chosen, list) else 1

    def fill(self, locator, text: str) -> None:
        locator.fill(text)

    def sign(self, act: str, *people, form="#action-form") -> None:
        """Types the password of each person signing (the acting person first, then the co-signers, each in his own
        box) and sends the act's form."""
        boxes = ["#id_sign_password", "#id_cosigner-sign_password"]
        for person, box in zip(people, boxes, strict=False):
            self.fill(self.page.locator(f"{form} {box}"), PASSWORD)
            self.signatures[(person.short_name, act)] += 1
            self.now.signatures += 1
        self.click(self.page.locator(f"{form} button[type=submit]").last)

    # --- people -----------------------------------------------------------------------------------------------------
    def log_in(self, person) -> None:
        """From the login page (after a log-out, or the session's first page) to the person's home."""
        page = self.page
        if self.who is not None:
            self.step(f"log out ({self.who.short_name})")
            self.click(page.locator("form.logout button"))  # in the top bar (issue 11)
            page.wait_for_url("**/accounts/login/**")
        self.who = person
        self.step("log in")
        if "/accounts/login/" not in page.url:
            page.goto("/kk/accounts/login/")
        self.fill(page.locator("#id_username"), person.user.username)
        self.fill(page.locator("#id_password"), PASSWORD)
        self.click(page.locator("main form button[type=submit]"))
        self.now.logins += 1
        expect(page.locator("#home-my-permits")).to_be_visible()
        assert "/kk/" in page.url, page.url

    def my_step(self, act: str) -> None:
        """On the home page, the link to the person's own step of the permit (issue 11: each role starts at its own
        work); it opens the act's own page."""
        self.click(self.page.locator(f'#home-my-permits li.mine[data-act="{act}"] a').first)

    def open_action(self, act: str) -> None:
        """An act's button on the permit page: its form opens in the action panel (htmx)."""
        self.click(self.page.locator(f'a[data-action="{act}"]').first)
        expect(self.page.locator("#action-panel #action-form")).to_be_visible()

    def shows_next(self, act: str, person) -> None:
        """The permit page the step ended on says what is next: its readiness panel names the next step and the person
        who takes it (or, when something is missing first, who must act on that)."""
        panel = self.page.locator("#readiness")
        expect(panel).to_have_attribute("data-next", act)
        expect(panel).to_contain_text(person.full_name)
        self.now.next = f"{act}: {person.short_name}"

    def table(self) -> str:
        head = (f"{'step':<36} {'person':<18} {'clicks':>6} {'loads':>6} {'logins':>6} {'signs':>6}   "
                f"{'the page shows next':<30}")
        lines = [head, "-" * len(head)]
        for s in self.steps:
            lines.append(f"{s.name:<36} {s.person:<18} {s.clicks:>6} {s.loads:>6} {s.logins:>6} {s.signatures:>6}   "
                         f"{s.next:<30}")
        lines.append("-" * len(head))
        total = [sum(getattr(s, k) for s in self.steps) for k in ("clicks", "loads", "logins", "signatures")]
        lines.append(f"{'total':<55} {total[0]:>6} {total[1]:>6} {total[2]:>6} {total[3]:>6}")
        lines.append("")
        lines.append("signatures per person and act:")
        lines += [f"  {person:<20} {act:<24} {n}" for (person, act), n in sorted(self.signatures.items())]
        return "\n".join(lines)

    @property
    def clicks(self) -> int:
        return sum(s.clicks for s in self.steps)


@pytest.fixture
def plant():
    site, now, _next_shift = site_with_shifts()  # the permit flow's site
    return site, now


def test_issue11_reference_job_in_kk_with_a_crew_of_three(page, plant, settings):
    site, now = plant
    settings.PERMIT_EXTENSION_WINDOW_MINUTES = 20  # the admission, 35 minutes before the next shift, is for this one
    crew = site.crew[:3]
    job = Job(page, site)

    # --- the issuer: a new draft from the home page, issued (item 6) -------------------------------------------------
    job.log_in(site.issuer)
    job.step("new draft")
    job.click(page.locator("#home-my-permits a[data-new-permit]"))
    job.select(page.locator("#id_division"), value=str(site.division.pk))
    job.select(page.locator("#id_facility"), value=str(site.facility.pk))
    job.select(page.locator("#id_work_type"), value=str(builtin_work_type("hot").pk))
    expect(page.locator("#measures tr.measure-row")).to_have_count(6)  # the work type's template of measures
    job.select(page.locator("#id_performer"), value=str(site.performer.pk))
    job.fill(page.locator("#id_place"), "АВТ-6 қондырғысы, P-12 сорғысы")
    job.fill(page.locator("#id_scope_of_work"), "P-12 сорғысының сору желісіне жаңа фланец дәнекерлеу")
    job.select(page.locator("#id_admitting_persons"), value=[str(site.admitting.pk)])
    job.select(page.locator("#id_responsible_manager"), value=str(site.manager.pk))
    job.select(page.locator("#id_shift_supervisor"), value=str(site.supervisor.pk))
    job.fill(page.locator("#id_planned_start"), (now - datetime.timedelta(hours=1)).strftime(LOCAL))
    job.fill(page.locator("#id_planned_end"), (now + datetime.timedelta(days=3)).strftime(LOCAL))
    job.select(page.locator("#id_validity"), value="whole_period")  # a job of three days, extended for each shift
    job.click(page.locator("main form button.primary[type=submit]").last)
    permit = Permit.objects.get()
    assert permit.status == Status.DRAFT and permit.measures.count() == 6
    job.shows_next("issue", site.issuer)

    job.step("issue (item 6)")
    job.open_action("issue")
    job.sign("issue", site.issuer)
    expect(page.locator("h1 .badge.status")).to_have_attribute("data-status", "issued")
    job.shows_next("admit", site.supervisor)  # the approval is missing first

    # --- the shift supervisor approves (item 8) ----------------------------------------------------------------------
    job.log_in(site.supervisor)
    job.step("approve (item 8)")
    job.my_step("approve")
    job.sign("approve", site.supervisor)
    job.shows_next("admit", site.admitting)

    # --- the admitting person: air sample, measures at once, admission, the crew added and briefed -------------------
    job.log_in(site.admitting)
    job.step("air sample (5.4)")
    job.click(page.locator(f'#home-my-permits .home-permit[data-permit="{permit.pk}"] h3 a'))
    job.fill(page.locator("#id_place"), "P-12, фланецтен 0,5 м жоғары")
    job.fill(page.locator("#id_substance"), "Көмірсутектер (CH)")
    job.fill(page.locator("#id_value"), "0,8")
    job.fill(page.locator("#id_limit"), "5")
    job.select(page.locator("#id_gas_group"), value="II")
    job.click(page.locator("button[data-submit=record_air_sample]"))
    expect(page.locator("table.air")).to_contain_text("Көмірсутектер (CH)")
    job.shows_next("admit", site.admitting)

    job.step("measures at once (item 7)")
    job.open_action("complete_measures_all")  # the set's form, every measure he may sign ticked (issue 11)
    expect(page.locator('#action-form input[name="measures"]:checked')).to_have_count(6)
    job.sign("complete_measures", site.admitting)
    expect(page.locator('a[data-action="complete_measure"]')).to_have_count(0)
    assert not permit.measures.filter(done_at__isnull=True).exists()
    job.shows_next("admit", site.admitting)

    job.step("admit (item 9)")
    job.open_action("admit")
    for name in ("measures_checked", "performer_briefed", "copy_handed_over"):
        job.check(page.locator(f'#action-form input[name="{name}"]'))
    job.sign("admit", site.admitting)
    expect(page.locator("h1 .badge.status")).to_have_attribute("data-status", "admitted")
    job.shows_next("start_work", site.performer)

    job.step("crew of three added")
    job.select(page.locator("#id_person"), value=[str(member.pk) for member in crew])  # three choices, three clicks
    job.click(page.locator("button[data-submit=add_member]"))
    for member in crew:
        expect(page.locator("table.crew")).to_contain_text(member.full_name)
    expect(page.locator(".crew-count")).to_have_attribute("data-active", "3")
    job.shows_next("start_work", site.admitting)  # the briefings are missing first

    job.step("crew briefed (item 11), co-signing")
    # The first briefing opens from the crew table; each leads to the next member's (issue 11), who signs in turn.
    job.click(page.locator("table.crew tr", has_text=crew[0].full_name).locator('a[data-action="brief_member"]'))
    for member in crew:
        expect(page.locator("#cosign-block-cosigner h3")).to_contain_text(member.full_name)
        job.sign(f"brief_member: {member.short_name}", site.admitting, member)
        expect(page.locator(".messages")).to_contain_text(member.full_name)
    expect(page.locator(".crew-count")).to_have_attribute("data-briefed", "3")
    job.shows_next("start_work", site.performer)

    # --- the performer accepts the workplace and starts the work -----------------------------------------------------
    job.log_in(site.performer)
    job.step("accept the workplace (item 10)")
    job.my_step("accept_workplace")
    job.sign("accept_workplace", site.performer)
    job.shows_next("start_work", site.performer)
    job.step("start work (item 11)")
    job.open_action("start_work")
    job.sign("start_work", site.performer)
    expect(page.locator("h1 .badge.status")).to_have_attribute("data-status", "in_progress")
    job.shows_next("extend", site.admitting)

    # --- the admitting person extends for the next shift; the performer co-signs on his device (item 12) -------------
    settings.PERMIT_EXTENSION_WINDOW_MINUTES = 60  # now the next shift is within the window
    job.log_in(site.admitting)
    job.step("extend (item 12), co-signing")
    job.my_step("extend")
    job.check(page.locator('#action-form input[name="measures_checked"]'))
    job.sign("extend", site.admitting, site.performer)
    expect(page.locator("table.extensions tbody tr")).to_have_count(1)
    job.shows_next("extend", site.admitting)  # for the shift after

    # --- the performer hands back (item 13), the admitting person closes (344 cl.11) ---------------------------------
    job.log_in(site.performer)
    job.step("hand back (item 13)")
    job.click(page.locator(f'#home-my-permits .home-permit[data-permit="{permit.pk}"] h3 a'))
    job.open_action("hand_back")
    for name in ("workplace_cleared", "people_withdrawn"):
        job.check(page.locator(f'#action-form input[name="{name}"]'))
    job.sign("hand_back", site.performer)
    expect(page.locator("h1 .badge.status")).to_have_attribute("data-status", "completed")
    job.shows_next("close", site.admitting)

    job.log_in(site.admitting)
    job.step("close (344 cl.11)")
    job.my_step("close")
    job.sign("close", site.admitting)
    expect(page.locator("h1 .badge.status")).to_have_attribute("data-status", "closed")

    print("\n" + job.table())
    permit.refresh_from_db()
    assert permit.status == Status.CLOSED
    assert permit.crew.filter(briefed_at__isnull=False).count() == 3
    expect(page.locator("#readiness")).to_have_count(0)  # closed: no step is next
    # What was typed is what was signed: one signature in the ledger for each password the job typed, and none of
    # them twice by one person for the same purpose over the same part of the permit (the permit, or the item 11 row
    # of one crew member: what the signed content is "about").
    signed = Counter((signature.signer_person_id, signature.purpose, json.dumps(json.loads(signature.content)["about"]))
                     for signature in Signature.objects.all())
    assert sum(signed.values()) == sum(job.signatures.values())
    assert max(signed.values()) == 1, signed
    over = {key: n for key, n in job.signatures.items() if n > 1}
    assert not over, f"more than one signature per person per act: {over}"
    assert job.clicks <= MAX_CLICKS, f"{job.clicks} clicks, the target is at most {MAX_CLICKS}"
