from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermitsConfig(AppConfig):
    name = "qauipsiz.permits"
    label = "permits"
    verbose_name = _("Work permits (Order 344)")

    def ready(self) -> None:
        from qauipsiz.acts.readable import register_labels
        from qauipsiz.core import demo
        from qauipsiz.ledger import services as ledger
        from qauipsiz.ledger import verify
        from qauipsiz.notifications.jobs import register as register_job
        from qauipsiz.notifications.outbox import register_builder

        from . import notices, services
        from .content import CONTENT_LABELS
        from .demo import load_permits
        from .gatekeeper import register_scopes
        from .retention import register_rule

        register_scopes()
        register_rule()
        register_job("permits.lapse", services.lapse_job)
        register_builder(notices.OUTBOX_KIND, notices.send)
        register_labels(CONTENT_LABELS)
        # `qauipsiz demo` loads work permits too, once the register is in place (core does not import permits).
        if load_permits not in demo.EXTRA_STEPS:
            demo.EXTRA_STEPS.append(load_permits)
        # Every permit record is ledgered with its snapshot, and `qauipsiz verify` compares it with the database.
        paths = {
            "permits.permit": "organisation", "permits.admissioncertificate": "organisation",
            "permits.emergencywork": "organisation", "permits.overlapagreement": "organisation",
            "permits.certificatemeasure": "certificate__organisation",
        }
        for child in ("permitmeasure", "airsample", "approval", "crewmember", "admissionperiod", "extension",
                      "attachment"):
            paths[f"permits.{child}"] = "permit__organisation"
        ledger.STATE_CHECKED.update(paths)
        verify.ORGANISATION_PATH.update(paths)
