"""The Work permits section of the main menu: what the user may see of permits (Order 344), and the notices every
user has."""

from django.utils.translation import gettext_lazy as _

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import may_act_on_type
from qauipsiz.domains import MenuEntry, MenuSection

from .analytics import may_read
from .gatekeeper import person_of
from .models import AdmissionCertificate, EmergencyWork, KioskLink, PartsPolicy, Permit


def permits_menu(user) -> list[MenuSection]:
    entries = []
    if may_act_on_type(user, Action.VIEW, Permit) or person_of(user) is not None:
        entries += [
            MenuEntry(slug="permits", label=_("Work permits"), url_name="permits:list"),
            MenuEntry(slug="board", label=_("Board of open permits"), url_name="permits:board"),
            MenuEntry(slug="tasks", label=_("My tasks"), url_name="permits:tasks"),
            MenuEntry(slug="permit-register", label=_("Register of permits (Annex 2)"), url_name="permits:register"),
        ]
    if may_read(user):
        entries.append(MenuEntry(slug="analytics", label=_("Permit analytics"), url_name="permits:analytics"))
    if may_act_on_type(user, Action.VIEW, AdmissionCertificate) or person_of(user) is not None:
        entries.append(MenuEntry(slug="certificates", label=_("Admission certificates"),
                                 url_name="permits:certificate-list"))
    if may_act_on_type(user, Action.VIEW, EmergencyWork):
        entries.append(MenuEntry(slug="emergencies", label=_("Emergency works"), url_name="permits:emergency-list"))
    if entries:
        entries.append(MenuEntry(slug="work-types", label=_("Work types"), url_name="permits:work-types"))
    if may_act_on_type(user, Action.CHANGE, PartsPolicy):
        entries.append(MenuEntry(slug="parts-policy", label=_("Parts held by one person"),
                                 url_name="permits:parts-policy"))
    if may_act_on_type(user, Action.CHANGE, KioskLink):
        entries.append(MenuEntry(slug="kiosk-links", label=_("Kiosk links of the board"), url_name="permits:kiosk-links"))
    entries.append(MenuEntry(slug="notices", label=_("Notices"), url_name="notifications:list"))
    return [MenuSection(key="permits", title=_("Work permits"), entries=entries, order=10)]
