from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "qauipsiz.notifications"
    label = "notifications"
    verbose_name = _("Notices and scheduled jobs")

    def ready(self) -> None:
        from qauipsiz.domains import Domain, register_domain

        from .outbox import deliver
        from .receivers import connect

        connect()

        register_domain(Domain(label="notifications", urls=("notices/", "qauipsiz.notifications.urls"),
                               jobs={"notifications.outbox": deliver}))
