"""The demo's production control: each step is given the demo loader once the register and the permits are in place."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

DEMO_STEPS: list = []


# --- Accidents (315 cl.4.12) and prescriptions of the state authority (315 cl.26.3) --------------------------------

def load_accidents_and_state_prescriptions(loader) -> None:
    """Two accidents at the demo refinery (an injury during the closed hot work, whose permit is then kept in the
    archive, 344 cl.15; an incident under investigation) and two state prescriptions open, one overdue. Through the
    services, so everything is ledgered as if entered by hand."""
    from qauipsiz.accounts.models import User
    from qauipsiz.core.legal import editions_on
    from qauipsiz.core.models import HazardousFacility, Person
    from qauipsiz.domains import service

    from .choices import AccidentKind, InjurySeverity
    from .services import accidents, state_prescriptions

    loader.say(_("Creating accidents and state-authority prescriptions…"))
    organisation = loader.refinery
    official = User.objects.select_related("person").get(username="pc_official")
    facility = HazardousFacility.objects.filter(organisation=organisation).order_by("pk").first()
    people = list(Person.objects.filter(organisation=organisation, contractor__isnull=True, is_active=True)
                  .order_by("pk")[:4])
    now = timezone.now()

    permits = service("permits.permits_at")(user=official, organisation_id=organisation.pk)
    closed = next((p for p in permits if p["status"] == "closed"), None)
    permit = closed or (permits[0] if permits else None)
    facility = HazardousFacility.objects.get(pk=permit["facility_id"]) if permit and permit["facility_id"] else facility
    occurred = min(permit["planned_end"], now) - datetime.timedelta(minutes=30) if permit else now
    injury = accidents.accident_register(
        by=official, facility=facility, kind=AccidentKind.INJURY, occurred_at=occurred,
        place=permit["place"] if permit else "",
        description="Слесарь получил ожог кисти при огневых работах: брызги расплавленного металла попали за "
                    "край рукавицы.")
    accidents.victim_add(by=official, accident=injury, person=people[-1], severity=InjurySeverity.LIGHT,
                         note="Ожог кисти I степени")
    if permit is not None:
        accidents.permit_link(by=official, accident=injury, permit_id=permit["id"],
                              reason="Несчастный случай во время работ по наряду-допуску")
    accidents.accident_investigate(record=injury, by=official, chair=official.person,
                                   members=[p for p in people[:2] if p.pk != official.person.pk])
    accidents.measure_add(by=official, accident=injury, text="Провести внеплановый инструктаж по огневым работам",
                          responsible=people[0], deadline=timezone.localdate() + datetime.timedelta(days=14))

    incident = accidents.accident_register(
        by=official, facility=facility, kind=AccidentKind.INCIDENT, occurred_at=now - datetime.timedelta(days=3),
        description="Срабатывание предохранительного клапана на сепараторе, выброс газа без возгорания.")
    accidents.victim_add(by=official, accident=incident, name="Водитель подрядной организации",
                         severity=InjurySeverity.NONE)

    today = timezone.localdate()
    clause = next((e.clause for e in editions_on(today - datetime.timedelta(days=60))
                   .filter(clause__act__organisation=organisation, repealed=False).select_related("clause")), None)
    first_item = {"violation": "Не проведено техническое освидетельствование сосуда С-3 в установленный срок",
                  "deadline": today - datetime.timedelta(days=10), "executor": people[0]}
    if clause is not None:
        first_item["clause"] = clause
    else:
        first_item["requirement_text"] = "Сосуды, работающие под давлением, подлежат техническому освидетельствованию."
    state_prescriptions.prescription_register(
        by=official, facility=facility, number="14-07/112", issued_on=today - datetime.timedelta(days=60),
        issuing_body="Департамент Комитета промышленной безопасности МЧС РК по Павлодарской области",
        items=[first_item, {"violation": "Журнал производственного контроля не ведётся с марта",
                            "requirement_text": "Организация ведёт учёт результатов производственного контроля.",
                            "deadline": today + datetime.timedelta(days=20), "executor": people[1]}])
    state_prescriptions.prescription_register(
        by=official, facility=facility, number="14-07/131", issued_on=today - datetime.timedelta(days=5),
        issuing_body="Департамент Комитета промышленной безопасности МЧС РК по Павлодарской области",
        items=[{"violation": "Не обозначены пути эвакуации на установке",
                "requirement_text": "Пути эвакуации обозначаются знаками безопасности.",
                "deadline": today + datetime.timedelta(days=30), "executor": people[0]}])
    loader.summary.append(_("Accidents, incidents and injuries: 2; state-authority prescriptions open: 2 (1 overdue)."))


DEMO_STEPS.append(load_accidents_and_state_prescriptions)
