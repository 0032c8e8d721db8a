"""Issue 12: production control's pages on the demo refinery, as its official and its head see them, in kk and ru at
1280 and 800 px, into test-artifacts/issue12-control/. Each is checked to fit its width (no element past the right
edge, on a tablet as on a desk) and to be in its language."""

import io

import pytest
from django.core.management import call_command

from qauipsiz.accounts.models import User
from qauipsiz.control.models import Accident, Plan, Regulation, Removal, StatePrescription
from tests import factories as f

from .test_issue11_tablet import ARTIFACTS, DESKTOP, TABLET, assert_fits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = ARTIFACTS / "issue12-control"


def _path(record) -> str:
    """The record's address without the language prefix (each language is visited in turn)."""
    parts = record.get_absolute_url().lstrip("/").split("/", 1)
    return parts[1] if parts[0] in ("kk", "ru", "en") else "/".join(parts)


def _pages():
    accident = Accident.objects.order_by("pk").first()
    prescription = StatePrescription.objects.order_by("pk").first()
    removal = Removal.objects.order_by("pk").first()
    plan = Plan.objects.order_by("-year", "pk").first()
    regulation = Regulation.objects.order_by("version").first()
    return [
        ("pc_official", "", "home-official"),
        ("head", "", "home-head"),
        ("pc_official", "control/service/", "service"),
        ("pc_official", "control/changes/", "change-notices"),
        ("pc_official", "control/accidents/", "accidents"),
        ("pc_official", _path(accident), "accident"),
        ("pc_official", "control/state-prescriptions/", "state-prescriptions"),
        ("pc_official", _path(prescription), "state-prescription"),
        ("pc_official", "control/examinations/", "examinations"),
        ("pc_official", "control/training-lapses/", "training-lapses"),
        ("head", f"control/removals/{removal.pk}/", "removal"),
        ("pc_official", "control/plans/", "plans"),
        ("pc_official", _path(plan), "plan"),
        ("pc_official", _path(regulation), "regulation"),
    ]


def test_issue12_screenshots_of_production_control_in_kk_and_ru(page, login, live_server):
    f.training_type("industrial_safety")  # an earlier browser test's flush removed the migration's built-ins
    call_command("demo", stdout=io.StringIO())
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = _pages()
    for language in ("kk", "ru"):
        for username, path, name in pages:
            page.context.clear_cookies()
            login(User.objects.get(username=username))
            where = f"/{language}/{path}"
            response = page.goto(where)
            assert response.status == 200, where
            assert page.evaluate("document.documentElement.lang") == language, where
            for size in (DESKTOP, TABLET):
                page.set_viewport_size(size)
                assert_fits(page, f"{where} at {size['width']} px")
                page.screenshot(path=str(SHOTS / f"{name}-{size['width']}-{language}.png"), full_page=True)
