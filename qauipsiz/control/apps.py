from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ControlConfig(AppConfig):
    name = "qauipsiz.control"
    label = "control"
    verbose_name = _("Production control (Order 315)")

    def ready(self) -> None:
        from qauipsiz.domains import Domain, register_domain

        from . import notices
        from .acts import CONTENT_LABELS
        from .demo import DEMO_STEPS
        from .gatekeeper import scope_grants
        from .home import HOME_PANELS
        from .jobs import JOBS
        from .menu import control_menu
        from .registered import CONTROL_ACTS
        from .retention import RETENTION_RULES, STATE_CHECKED
        from .services.removal import removal_bar

        register_domain(Domain(
            label="control",
            scopes=scope_grants(),
            retention_rules=RETENTION_RULES,
            jobs=JOBS,
            demo_steps=DEMO_STEPS,
            state_checked=STATE_CHECKED,
            menu=control_menu,
            home_panels=HOME_PANELS,
            urls=("control/", "qauipsiz.control.urls"),
            api_router=("/control", "qauipsiz.control.api.router"),
            outbox_builders={notices.OUTBOX_KIND: notices.send},
            content_labels=CONTENT_LABELS,
            acts=CONTROL_ACTS,
            competence_bars=[removal_bar],
        ))
