from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActsConfig(AppConfig):
    name = "qauipsiz.acts"
    label = "acts"
    verbose_name = _("Signed acts")
