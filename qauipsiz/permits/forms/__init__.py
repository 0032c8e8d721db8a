"""Forms of the permit pages, by sub-domain: drafting, admission, shifts, stopping, certificates, emergencies, and
what they share in `common`. The names are re-exported here for code that reads `permits.forms.X`."""

from .admission import (
    AdmitForm,
    AirSampleForm,
    CancelForm,
    CrewAddForm,
    CrewAddSeveralForm,
    JointMeasuresForm,
    JointWithdrawForm,
    MeasuresCompleteForm,
)
from .certificates import CertificateCancelForm, CertificateForm, CertificateMeasureFormSet, certificate_measures
from .common import OrganisationBoundForm, PersonChoiceField, SignOnlyForm, datetime_field
from .drafting import (
    AttachmentForm,
    PermitForm,
    code_order,
    measure_formset,
    measure_rows_from_post,
    measure_rows_from_work_type,
    measures_of_formset,
)
from .emergencies import EmergencyForm, ThreatEliminatedForm
from .shifts import ExtendForm, NameAdmittingForm, NameShiftPerformerForm, ReadmitForm
from .stopping import CloseForm, HandBackForm, ReportLostForm, ResumeForm, SuspendForm, TerminateForm

__all__ = [
    "CertificateCancelForm",
    "AdmitForm", "AirSampleForm", "AttachmentForm", "CancelForm", "CertificateForm", "CertificateMeasureFormSet",
    "CloseForm", "CrewAddForm",
    "CrewAddSeveralForm", "EmergencyForm", "ExtendForm", "HandBackForm", "JointMeasuresForm", "JointWithdrawForm",
    "MeasuresCompleteForm", "NameAdmittingForm", "NameShiftPerformerForm",
    "OrganisationBoundForm", "PermitForm", "PersonChoiceField", "ReadmitForm", "ReportLostForm", "ResumeForm",
    "SignOnlyForm", "SuspendForm", "TerminateForm", "ThreatEliminatedForm", "certificate_measures", "code_order",
    "datetime_field", "measure_formset", "measure_rows_from_post", "measure_rows_from_work_type",
    "measures_of_formset",
]
