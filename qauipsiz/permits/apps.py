from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermitsConfig(AppConfig):
    name = "qauipsiz.permits"
    label = "permits"
    verbose_name = _("Work permits (Order 344)")

    def ready(self) -> None:
        from qauipsiz.domains import Domain, register_domain

        from . import accident_links, notices, services
        from .barred import demo_add_to_crew, demo_live_permit_of_contractor
        from .content import CONTENT_LABELS
        from .demo import load_permits
        from .gatekeeper import scope_grants
        from .home import MY_PERMITS_PANEL, OPEN_PERMITS_PANEL
        from .menu import permits_menu
        from .registered import PERMIT_ACTS
        from .retention import PERMIT_RULE

        register_domain(Domain(
            label="permits",
            scopes=scope_grants(),
            retention_rules={"permits.permit": PERMIT_RULE},
            jobs={"permits.lapse": services.lapse_job},
            # `qauipsiz demo` loads work permits too, once the register and its ledger are in place.
            demo_steps=[load_permits],
            # Every permit record is ledgered with its snapshot, and `qauipsiz verify` compares it with the database;
            # the children reach their organisation through their permit or certificate.
            state_checked={
                **dict.fromkeys(("permits.permit", "permits.admissioncertificate", "permits.emergencywork",
                                 "permits.overlapagreement", "permits.registerline"), "organisation"),
                "permits.certificatemeasure": "certificate__organisation",
                "permits.jointsignature": "agreement__organisation",
                **{f"permits.{child}": "permit__organisation"
                   for child in ("permitmeasure", "airsample", "approval", "crewmember", "admissionperiod",
                                 "extension", "attachment", "naming")},
            },
            menu=permits_menu,
            home_panels=[MY_PERMITS_PANEL, OPEN_PERMITS_PANEL],
            urls=("permits/", "qauipsiz.permits.urls"),
            api_router=("/permits", "qauipsiz.permits.api.router"),
            # The notices of an act are written to the outbox with it and built by the worker.
            outbox_builders={notices.OUTBOX_KIND: notices.send},
            content_labels=CONTENT_LABELS,
            # Each act's page, its action on the permit page and its API endpoint.
            acts=PERMIT_ACTS,
            # What production control asks of the permits by name: its register of accidents (344 cl.15 ¶2), and its
            # demo's removal from work (315 cl.27.4).
            services={"permits.link_accident": accident_links.link_accident,
                      "permits.permits_at": accident_links.permits_at,
                      "permits.permit_info": accident_links.permit_info,
                      "permits.demo_live_permit_of_contractor": demo_live_permit_of_contractor,
                      "permits.demo_add_to_crew": demo_add_to_crew},
        ))
