from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "qauipsiz.notifications"
    label = "notifications"
    verbose_name = _("Notices and scheduled jobs")

    def ready(self) -> None:
        from .jobs import register
        from .outbox import deliver

        register("notifications.outbox", deliver)
