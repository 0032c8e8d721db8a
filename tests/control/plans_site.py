"""A site for the plans' tests: an organisation with two divisions, its head, an official, each division's head, an
auditor, and an outsider's organisation."""

import datetime
from dataclasses import dataclass

from qauipsiz.accounts.choices import Role
from qauipsiz.control.choices import PlanKind
from qauipsiz.control.services import plans as services
from tests import factories as f

PASSWORD = "correct horse battery"
PW = {"password": PASSWORD}


@dataclass
class Site:
    org: object
    div_a: object
    div_b: object
    head: object
    official: object
    head_a: object
    head_b: object
    worker_a: object
    auditor: object
    outsider: object
    person: object

    def measures_plan(self, year=2026, items=2, approve=True):
        plan = services.plan_create(by=self.official, organisation=self.org, kind=PlanKind.MEASURES, year=year)
        version = plan.versions.get()
        for n in range(items):
            services.item_add(by=self.official, version=version, measure=f"Measure {n + 1}",
                              deadline=datetime.date(year, 3 + n, 1), responsible=self.person, division=self.div_a)
        if approve:
            services.plan_approve(record=version, by=self.head, credentials=PW)
        plan.refresh_from_db()
        return plan

    def work_plan(self, division=None, year=2026, approve=True):
        plan = services.plan_create(by=self.official, organisation=self.org, kind=PlanKind.WORK, year=year,
                                    division=division or self.div_a)
        version = plan.versions.get()
        services.item_add(by=self.official, version=version, measure="Check the valves", period_start=
                          datetime.date(year, 2, 1), deadline=datetime.date(year, 2, 28), responsible=self.person)
        if approve:
            services.plan_approve(record=version, by=self.head, credentials=PW)
        plan.refresh_from_db()
        return plan


def build_site() -> Site:
    org = f.organisation()
    div_a, div_b = f.division(org, "Shop A"), f.division(org, "Shop B")
    other = f.organisation("Other plant")
    return Site(org=org, div_a=div_a, div_b=div_b, head=f.user(Role.HEAD, org),
                official=f.user(Role.PC_OFFICIAL, org), head_a=f.user(Role.DIVISION_HEAD, org, division=div_a),
                head_b=f.user(Role.DIVISION_HEAD, org, division=div_b),
                worker_a=f.user(Role.WORK_PERFORMER, org, division=div_a), auditor=f.user(Role.AUDITOR, org),
                outsider=f.user(Role.HEAD, other), person=f.person(org, div_a, last_name="Seitkali"))
