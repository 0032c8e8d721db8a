from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "qauipsiz.accounts"
    label = "accounts"
    verbose_name = _("Accounts and access")

    def ready(self):
        from . import receivers  # noqa: F401 - connects the access-log receivers
