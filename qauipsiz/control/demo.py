"""The demo's production control: each step is given the demo loader once the register and the permits are in place."""

from django.utils.translation import gettext as _

from .demo_people import load_service

DEMO_STEPS: list = [
    load_service,  # the people of production control (315 cl.3)
]


# --- The Regulation on production control (315 cl.5-6) ---------------------------------------------------------------


def demo_regulation(loader) -> None:
    """The demo refinery's Regulation: the default criteria with the refinery's own target, version 1 worded by the
    official and approved by the head with a signature, and version 2 drafted from it with a changed section."""
    from qauipsiz.accounts.models import User
    from qauipsiz.core.demo import DEMO_PASSWORD

    from .choices import CriterionMeasure
    from .models import EffectivenessCriterion
    from .services import regulation as services

    loader.say(_("Drawing up the Regulation on production control…"))
    official = User.objects.select_related("person").get(username="pc_official")
    head = User.objects.select_related("person").get(username="head")
    organisation = loader.refinery
    services.criteria_defaults(organisation=organisation, by=official)
    repeat = EffectivenessCriterion.objects.get(organisation=organisation, measure=CriterionMeasure.REPEAT_VIOLATIONS)
    repeat.target = 3
    services.criterion_update(by=official, instance=repeat)
    first = services.regulation_start(organisation=organisation, by=official)
    services.regulation_narrative_set(regulation=first, by=official, section="5", texts={
        "kk": "Ереже мұнай өңдеу зауытының қауіпті өндірістік объектілеріне, оның ішінде ЭЛОУ-АВТ-6 "
              "қондырғысына қолданылады.",
        "ru": "Положение распространяется на опасные производственные объекты нефтеперерабатывающего завода, в "
              "том числе на установку ЭЛОУ-АВТ-6.",
        "en": "The Regulation applies to the refinery's hazardous production facilities, the ELOU-AVT-6 unit "
              "among them."})
    services.regulation_approve(record=first, by=head, credentials={"password": DEMO_PASSWORD})
    second = services.regulation_start(organisation=organisation, by=official)
    services.regulation_narrative_set(regulation=second, by=official, section="6.5.reporting", texts={
        "kk": "Лауазымды адам әр айдың бесінші күніне дейін ұйым басшысына өндірістік бақылау нәтижелері мен "
              "нұсқамалардың орындалуы туралы баяндайды.",
        "ru": "До пятого числа каждого месяца должностное лицо докладывает руководителю организации о результатах "
              "производственного контроля и исполнении предписаний.",
        "en": "By the fifth of every month the official reports to the head of the organisation the results of "
              "production control and the state of the prescriptions."})
    loader.summary.append(_("Regulation on production control: version %(approved)s approved, version %(draft)s "
                            "drafted") % {"approved": first.version, "draft": second.version})


DEMO_STEPS.append(demo_regulation)
