from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "qauipsiz.core"
    label = "core"
    verbose_name = _("Register")

    def ready(self) -> None:
        from qauipsiz.domains import Domain, register_domain

        from .home import OVERVIEW_PANEL, OWN_TRAININGS_PANEL
        from .menu import register_menu

        register_domain(Domain(
            label="core",
            # Every register record is ledgered, and `qauipsiz verify` compares its state with the last snapshot.
            state_checked={
                "core.organisation": "pk", "core.legalactclause": "act__organisation",
                "core.clauseedition": "clause__act__organisation",
                **dict.fromkeys(("core.division", "core.hazardousfacility", "core.location", "core.buildingstructure",
                                 "core.technicaldevice", "core.contractor", "core.person", "core.trainingtype",
                                 "core.training", "core.appointment", "core.roletrainingrequirement",
                                 "core.legalact"), "organisation"),
            },
            menu=register_menu,
            home_panels=[OVERVIEW_PANEL, OWN_TRAININGS_PANEL],
            urls=("register/", "qauipsiz.core.urls"),
            # One router per record type of the register.
            api_router=("", "qauipsiz.core.api.register_routers"),
        ))
