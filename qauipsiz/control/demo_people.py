"""The demo refinery's production-control service (315 cl.3, cl.6.6): its first head is a login of its own; the head of
the service, the person responsible for production control and the officials are appointed by orders of the head,
with the facilities each covers, through the service that ties their access to the order; one official's appointment
ended, and with it the access of her login."""

import datetime

from django.utils.translation import gettext as _

from qauipsiz.accounts.models import User
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.core.models import Division, HazardousFacility

from .selectors import first_heads, service_structure
from .services.people import appoint, end_appointment


def _user(username: str) -> User:
    return User.objects.select_related("person").get(username=username)


def load_service(loader) -> None:
    loader.say(_("Appointing the production-control service…"))
    refinery = loader.refinery
    head = _user("head")
    year = loader.today.year - 1
    facilities = list(HazardousFacility.objects.filter(organisation=refinery).select_related("division")
                      .order_by("registration_number"))
    order = ("№ 4-ө", datetime.date(year, 1, 12))

    def by_order(person, role, order, *, whole=False, divisions=(), covered=()):
        number, date = order
        return appoint(by=head, organisation=refinery, person=person, role=role, order_number=number,
                       order_date=date, valid_from=date + datetime.timedelta(days=1), whole_organisation=whole,
                       divisions=divisions, facilities=covered)

    by_order(_user("pc_service_head").person, AppointmentRole.PC_SERVICE_HEAD, order, whole=True, covered=facilities)
    by_order(_user("pc_responsible").person, AppointmentRole.PC_RESPONSIBLE, order, whole=True, covered=facilities)
    # Shop officials: the process engineer of each of the last two shops watches its own facilities.
    shops = list(Division.objects.filter(organisation=refinery, code__in=("Ц-4", "Ц-5")).order_by("code"))
    for shop in shops:
        engineer = next((m.person for m in loader.by_division[shop.code] if m.position == "process_engineer"), None)
        if engineer is None:
            continue
        below = [f for f in facilities if f.division.path.startswith(shop.path)]
        by_order(engineer, AppointmentRole.PC_OFFICIAL, order, divisions=[shop], covered=below)
    # The official relieved by a later order: her appointment stays in the books, her access is gone.
    former_shop = Division.objects.get(organisation=refinery, code="Ц-2")
    former = by_order(_user("pc_former").person, AppointmentRole.PC_OFFICIAL, ("№ 5-ө", datetime.date(year, 1, 12)),
                      divisions=[former_shop],
                      covered=[f for f in facilities if f.division.path.startswith(former_shop.path)])
    end_appointment(by=head, appointment=former, last_day=loader.today - datetime.timedelta(days=20),
                    reason=_("Moved to the post of labour-protection engineer; relieved by order № 210-ө."))
    structure = service_structure(refinery)
    loader.summary.append(_(
        "Production-control service: first heads %(heads)d, head of the service %(service_heads)d, responsible "
        "%(responsible)d, officials %(officials)d, ended appointments %(ended)d") % {
        "heads": len(first_heads(refinery)), "service_heads": len(structure.service_heads),
        "responsible": len(structure.responsible), "officials": len(structure.officials),
        "ended": len(structure.ended)})
