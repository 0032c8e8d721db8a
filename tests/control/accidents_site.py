"""The organisation the accident and state-prescription tests work in: two divisions with a facility each, the
production-control official, the head, each division's head, the auditor, and the head of another organisation."""

import datetime
import json
from dataclasses import dataclass

from django.test import Client
from django.utils import timezone, translation

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.services import token_create
from qauipsiz.core.services import record_update
from tests import factories as f

PASSWORD = "correct horse battery"
PW = {"password": PASSWORD}
# An aware moment in Asia/Almaty (UTC+5).
ALMATY = datetime.timezone(datetime.timedelta(hours=5))


def staffed(org, div, role, *, last_name: str):
    person = f.person(org, div, last_name=last_name)
    user = f.user(role, org, division=div if role == Role.DIVISION_HEAD else None)
    person.user = user
    record_update(by=f.superuser(), instance=person)
    user.refresh_from_db()
    return user


@dataclass
class World:
    org: object
    div_a: object
    div_b: object
    fac_a: object
    fac_b: object
    official: object
    head: object
    head_a: object
    head_b: object
    auditor: object
    outsider: object
    worker: object


def make_world() -> World:
    org = f.organisation("Refinery")
    div_a, div_b = f.division(org, "Shop A"), f.division(org, "Shop B")
    fac_a, fac_b = f.facility(org, div_a, name_en="Crude unit A"), f.facility(org, div_b, name_en="Tank farm B")
    other = f.organisation("Other plant")
    return World(org=org, div_a=div_a, div_b=div_b, fac_a=fac_a, fac_b=fac_b,
                 official=staffed(org, div_a, Role.PC_OFFICIAL, last_name="Petrov"),
                 head=staffed(org, div_a, Role.HEAD, last_name="Seitkali"),
                 head_a=staffed(org, div_a, Role.DIVISION_HEAD, last_name="Zhakypova"),
                 head_b=staffed(org, div_b, Role.DIVISION_HEAD, last_name="Bekov"),
                 auditor=staffed(org, div_a, Role.AUDITOR, last_name="Vinogradova"),
                 outsider=staffed(other, None, Role.HEAD, last_name="Stranger"),
                 worker=f.person(org, div_a, last_name="Fitter"))


def english():
    """Pages addressed under /en/ and refusals read in English, as the assertions are written."""
    return translation.override("en")


def moment(days_ago: int = 1, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=ALMATY)


def logged_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


class Api:
    def __init__(self, user, base: str):
        _token, key = token_create(user=user, name="api test")
        self.client, self.base = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en"), base

    def get(self, path: str = "", params=None):
        return self.client.get(f"{self.base}{path}", params or {})

    def post(self, path: str = "", body=None):
        return self.client.post(f"{self.base}{path}", json.dumps(body if body is not None else {}),
                                content_type="application/json")
