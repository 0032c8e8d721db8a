"""344 cl.30: the equipment of a permit returned to operation once the closed permit is back.

"The management of the organisation (site) shall not start the operation of the equipment after the work on the work
permit until the performer returns the closed work permit." Closing a permit stops its equipment (`_release_devices`:
stopped, not started); this act is the management's start of it, on the closed permit whose work it was. A device that
another permit still holds (issued and not yet closed, or drawn up anew in place of a terminated or lost one, cl.25-26)
is not started: that work is not finished.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.choices import DeviceState
from qauipsiz.core.models import TechnicalDevice

from ..acts import Act
from ..choices import OPEN_STATUSES, Status
from ..models import Permit
from .common import Credentials, _log, perform_act


def _holding(permit: Permit):
    """The other permits that hold equipment while their work goes on (as `_release_devices` reads them)."""
    return (Permit.objects.filter(Q(status__in=OPEN_STATUSES) | Q(status=Status.DRAFT, replaces__isnull=False))
            .exclude(pk=permit.pk))


def equipment_problems(permit: Permit) -> list[str]:
    """Why the permit's equipment cannot be returned to operation now (344 cl.30); empty when it can."""
    devices = list(permit.devices.all())
    if not devices:
        return [_("The permit names no equipment to return to operation (344 cl.30).")]
    problems = []
    for device in devices:
        holder = _holding(permit).filter(devices=device).order_by("pk").first()
        if holder is not None:
            problems.append(_("%(device)s is still held by %(permit)s, which is not closed (344 cl.30).")
                            % {"device": device.name, "permit": holder})
    if not problems and all(device.state == DeviceState.IN_OPERATION for device in devices):
        problems.append(_("The equipment of this permit is already in operation (344 cl.30)."))
    return problems


def returned_devices(permit: Permit) -> dict:
    """What the management signs: the devices started again (item 2 of the permit names them)."""
    return {"devices": sorted(device.pk for device in permit.devices.all())}


def may_return_equipment(permit: Permit) -> bool:
    return not equipment_problems(permit)


def permit_return_equipment(*, permit: Permit, by, credentials: Credentials) -> Permit:
    """344 cl.30: the management starts the closed permit's equipment again; refused while another open permit holds
    any of it."""
    def guard(context):
        problems = equipment_problems(context.record)
        if problems:
            raise ActionRefused(" ".join(problems))

    def change(context):
        permit, role = context.record, context.role
        ids = [device.pk for device in permit.devices.all()]
        for device in TechnicalDevice.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk"):
            if device.state != DeviceState.IN_OPERATION:
                device.state = DeviceState.IN_OPERATION
                device.save(update_fields=["state", "updated_at"])
                _log(by=by, role=role, event="state_changed", obj=device)
        _log(by=by, role=role, event=Act.RETURN_EQUIPMENT, obj=permit)
        return permit

    return perform_act(Act.RETURN_EQUIPMENT, permit=permit, by=by, credentials=credentials, guard=guard,
                       change=change, subject=returned_devices)
