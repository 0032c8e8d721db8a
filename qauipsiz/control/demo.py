"""The demo's production control: each step is given the demo loader once the register and the permits are in place."""

import datetime

from django.utils.translation import gettext as _

from qauipsiz.core.models import ClauseEdition

from .services.legal import acknowledge_change, send_change_notice

DEMO_STEPS: list = []


# -- legal acts: a change notice (315 cl.4.11) ------------------------------------------------------------------------

def demo_change_notice(loader) -> None:
    """The official tells the repair section of Order 433's new wording of 315 cl.1; two of its crew have read it."""
    edition = ClauseEdition.objects.filter(clause__act__organisation__isnull=True, clause__act__number="315",
                                           clause__number="1", in_force_from=datetime.date(2026, 1, 1)).first()
    if edition is None:  # an installation whose library's Order 315 was entered without this edition
        return
    notice = send_change_notice(
        by=loader.users["pc_official"], organisation=loader.refinery, edition=edition,
        division=loader.divisions["Р-1"],
        message="Приказом № 433 от 02.10.2025 пункт 1 Инструкции изложен в новой редакции с 01.01.2026. "
                "Ознакомьтесь и подтвердите.")
    for username in ("crew", "crew2"):
        user = loader.users[username]
        recipient = notice.recipients.filter(person__user=user).first()
        if recipient is not None:
            acknowledge_change(by=user, recipient=recipient)
    acknowledged = notice.recipients.filter(acknowledged_at__isnull=False).count()
    loader.summary.append(_("A notice of a change to Order 315 (cl.4.11): acknowledged by %(ack)d of %(all)d.") % {
        "ack": acknowledged, "all": notice.recipients.count()})


DEMO_STEPS.append(demo_change_notice)
