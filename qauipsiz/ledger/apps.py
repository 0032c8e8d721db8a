from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "qauipsiz.ledger"
    label = "ledger"
    verbose_name = _("Ledger of legally significant events")

    def ready(self) -> None:
        from qauipsiz.domains import Domain, register_domain

        from .demo import write_demo_ledger
        from .digest import digest_job
        from .menu import ledger_menu

        register_domain(Domain(
            label="ledger",
            state_checked={"ledger.hold": "organisation", "ledger.tombstone": "organisation"},
            # Registered before the domains, so it runs before their steps: the register's bulk rows get their entries.
            demo_steps=[write_demo_ledger],
            menu=ledger_menu,
            jobs={"ledger.digest": digest_job},
            urls=("ledger/", "qauipsiz.ledger.urls"),
        ))
