"""The acts of a permit's life (Order 344), of admission certificates and of emergency work, one keyword-only function
each, split by sub-domain:

- `drafting`: the draft, its edits, issue, cancellation;
- `admission`: measures, air samples, approvals, admission, the workplace, the crew, the start;
- `shifts`: breaks, re-admission, shift handover, extensions, the scheduled lapse;
- `joint`: the joint measures of several organisations at one site (344 cl.7);
- `naming`: the admitting persons and shift performers the issuer names after issue (344 cl.29, item 12);
- `stopping`: suspension, resumption, termination, loss, hand-back, closure;
- `equipment`: the closed permit's equipment returned to operation (344 cl.30);
- `archive`: the permanent hold of a permit of work with an accident (344 cl.15 ¶2);
- `certificates`, `emergencies`; `guards` (the clauses' checks several acts share), `common` (the permits' side of
  `qauipsiz.acts.perform`).

Every act goes through `qauipsiz.acts.perform.perform`: credentials first, then lock → gate → guards → signatures →
change → ledger → notices. A refusal raises and changes nothing: `PermissionDenied` (403), `ActionRefused` (409),
`ValidationError` (422; `CosignerRefused` for a co-signer).
"""

from ..content import certificate_content
from .admission import (
    air_sample_record,
    crew_add,
    crew_add_several,
    crew_brief,
    crew_remove,
    measure_complete,
    measures_complete,
    permit_accept_workplace,
    permit_admit,
    permit_approve,
    permit_start_work,
    signable_measures,
)
from .archive import archive_holds, permit_link_accident
from .authority import held_together
from .certificates import (
    certificate_act_content,
    certificate_cancel,
    certificate_create,
    certificate_measure_complete,
    certificate_sign,
)
from .common import Credentials, current_performer, in_form_order
from .drafting import permit_cancel, permit_create, permit_issue, permit_update
from .emergencies import emergency_start, emergency_threat_eliminated
from .equipment import equipment_problems, may_return_equipment, permit_return_equipment, returned_devices
from .guards import air_measure_problems, air_problems, air_problems_now, plain_number
from .joint import (
    agreements_of,
    joint_candidates,
    joint_measures_agree,
    joint_measures_sign,
    joint_measures_withdraw,
    open_joint_measures_elsewhere,
    overlapping_permits,
    unresolved_overlaps,
)
from .naming import permit_name_admitting, permit_name_shift_performer
from .parts_policy import parts_policies, parts_policy_set, policy_organisation, policy_organisations
from .shifts import lapse_due, lapse_job, permit_extend, permit_hand_over_shift, permit_lapse, permit_pause, permit_readmit
from .stopping import permit_close, permit_hand_back, permit_report_lost, permit_resume, permit_suspend, permit_terminate

__all__ = [
    "Credentials", "agreements_of", "air_measure_problems", "air_problems", "air_problems_now", "air_sample_record",
    "archive_holds",
    "certificate_act_content", "certificate_cancel", "certificate_content", "certificate_create",
    "certificate_measure_complete", "certificate_sign", "crew_add",
    "crew_add_several", "crew_brief", "crew_remove", "current_performer",
    "emergency_start", "emergency_threat_eliminated", "equipment_problems", "held_together", "in_form_order",
    "joint_candidates", "joint_measures_agree", "joint_measures_sign", "joint_measures_withdraw", "lapse_due", "lapse_job",
    "may_return_equipment", "measure_complete", "measures_complete", "open_joint_measures_elsewhere",
    "overlapping_permits", "signable_measures", "parts_policies", "parts_policy_set", "policy_organisation",
    "policy_organisations",
    "permit_accept_workplace", "permit_admit", "permit_approve", "permit_cancel", "permit_close", "permit_create",
    "permit_extend", "permit_hand_back", "permit_hand_over_shift", "permit_issue", "permit_lapse",
    "permit_link_accident", "permit_name_admitting", "permit_name_shift_performer", "permit_pause", "permit_readmit",
    "permit_report_lost", "permit_resume", "permit_return_equipment", "permit_start_work", "permit_suspend",
    "permit_terminate", "permit_update", "plain_number", "returned_devices", "unresolved_overlaps",
]
