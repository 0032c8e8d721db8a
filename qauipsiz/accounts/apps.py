from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "qauipsiz.accounts"
    label = "accounts"
    verbose_name = _("Accounts and access")

    def ready(self):
        from qauipsiz.domains import Domain, register_domain

        from . import receivers  # noqa: F401 - connects the access-log receivers
        from .menu import accounts_menu

        register_domain(Domain(
            label="accounts",
            # A user account is in the books of each organisation where it holds a role or is a person's account:
            # active, staff, superuser, the password and the second factor are checked there (issue 10 item 5).
            state_checked={"accounts.rolegrant": "organisation",
                           "accounts.user": "grants__organisation|person__organisation"},
            menu=accounts_menu,
            api_router=("/accounts", "qauipsiz.accounts.api.router"),
        ))
