"""Order 344: the work permit for higher-risk work (Annex 1), its register (Annex 2), admission certificates (Annex 3).

A permit is written by its services only (`services.py`), one function per action of its life; every signature goes
through `qauipsiz.ledger.signatures` and every change is appended to the organisation's ledger, so that the permit
resists correction (344 cl.5) and is kept provably unchanged (344 cl.14). Items that the form numbers are named after
their number in comments ("item 9") so that a reader can hold the code against the paper form.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qauipsiz.core.i18n import TranslatedNameModel, pick_translation
from qauipsiz.core.models import RecordModel
from qauipsiz.formats import local_clock, local_date, local_datetime, plain_number

from .choices import (
    AirUnit,
    ApprovalKind,
    AttachmentKind,
    CertificateStatus,
    EmergencyStatus,
    GasGroup,
    HoldingPolicy,
    MeasureCode,
    NamingKind,
    PauseKind,
    PeriodKind,
    PermitPart,
    Status,
    TerminationReason,
    Validity,
    WorkKind,
)


class WorkType(TranslatedNameModel, RecordModel):
    """A kind of higher-risk work with a template of safety measures; organisation NULL marks the built-in ones."""

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="work_types")
    kind = models.CharField(_("kind"), max_length=20, choices=WorkKind.choices, default=WorkKind.OTHER)
    # Item 5.4: how long an air analysis stands for admission, re-admission and resumption (344 cl.22, cl.23, cl.27).
    sample_validity_minutes = models.PositiveIntegerField(
        _("air sample validity, minutes"), default=60, validators=[MinValueValidator(1)],
        help_text=_("An air sample taken longer ago than this before admission, re-admission or resumption no longer "
                    "admits (item 5.4)."))
    # 344 cl.4 ¶2, cl.8: the attachments (AttachmentKind values) without which a permit of this type is not issued.
    required_documents = models.JSONField(
        _("documents required"), default=list, blank=True,
        help_text=_("A permit of this type is issued only once a document of each of these kinds is attached "
                    "(344 cl.4, cl.8)."))

    class Meta:
        verbose_name = _("work type")
        verbose_name_plural = _("work types")
        ordering = ["kind", "name_kk", "id"]


class WorkTypeMeasure(models.Model):
    """One pre-filled safety measure of a work type's template; the issuer adapts it on each permit."""

    work_type = models.ForeignKey(WorkType, verbose_name=_("work type"), on_delete=models.CASCADE,
                                  related_name="measures")
    code = models.CharField(_("item"), max_length=5, choices=MeasureCode.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_kk = models.TextField(_("text (Kazakh)"), blank=True)
    text_ru = models.TextField(_("text (Russian)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)

    class Meta:
        verbose_name = _("template measure")
        verbose_name_plural = _("template measures")
        ordering = ["work_type_id", "position", "id"]

    @property
    def text(self) -> str:
        return pick_translation(self, "text")

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class ShiftSchedule(models.Model):
    """When shifts start in an organisation: an extension covers one shift (344 cl.6, cl.24, cl.29)."""

    organisation = models.OneToOneField("core.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE,
                                        related_name="shift_schedule")
    starts = models.JSONField(_("shift start times"), default=list, help_text=_("For example 08:00 and 20:00."))
    hours = models.PositiveSmallIntegerField(_("shift length, hours"), default=12)

    class Meta:
        verbose_name = _("shift schedule")
        verbose_name_plural = _("shift schedules")

    def __str__(self) -> str:
        return ", ".join(self.starts)


class PartsPolicy(models.Model):
    """Whether one person may hold two parts of one permit (the issuer, the responsible manager, an admitting person,
    the performer). Order 344 is silent; a pair with no row is "warn and record" (`services.authority`)."""

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE,
                                     related_name="parts_policies")
    first = models.CharField(_("first part"), max_length=30, choices=PermitPart.choices)
    second = models.CharField(_("second part"), max_length=30, choices=PermitPart.choices)
    policy = models.CharField(_("policy"), max_length=10, choices=HoldingPolicy.choices, default=HoldingPolicy.WARN)

    class Meta:
        verbose_name = _("policy on parts held by one person")
        verbose_name_plural = _("policies on parts held by one person")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "first", "second"], name="parts_policy_unique"),
            models.CheckConstraint(condition=~Q(first=F("second")), name="parts_policy_two_parts",
                                   violation_error_message=_("Choose two different parts.")),
        ]

    def __str__(self) -> str:
        return f"{self.get_first_display()} + {self.get_second_display()}: {self.get_policy_display()}"


class AdmissionCertificate(models.Model):
    """Annex 3 (344 cl.17-18): a site of the operating organisation handed over to a contractor for a period."""

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="admission_certificates")
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CertificateStatus.choices,
                              default=CertificateStatus.DRAFT, db_index=True)
    drawn_up_on = models.DateField(_("drawn up on"))
    division = models.ForeignKey("core.Division", verbose_name=_("shop (site)"), on_delete=models.PROTECT,
                                 related_name="admission_certificates")
    shop_head = models.ForeignKey("core.Person", verbose_name=_("head of the shop (site)"), on_delete=models.PROTECT,
                                  related_name="+")
    contractor = models.ForeignKey("core.Contractor", verbose_name=_("contractor (work performer)"),
                                   on_delete=models.PROTECT, related_name="admission_certificates")
    contractor_rep = models.ForeignKey("core.Person", verbose_name=_("responsible representative of the contractor"),
                                       on_delete=models.PROTECT, related_name="+")
    site_bounds = models.TextField(_("site bounded by coordinates"),
                                   help_text=_("Names of axes, marks and numbers of drawings."))
    work_name = models.TextField(_("work to be done"))
    starts_on = models.DateField(_("beginning"))
    ends_on = models.DateField(_("end"))
    # 344 cl.18: the declarations on which the handover rests; a site with either cannot be handed over.
    crossed_by_communications = models.BooleanField(
        _("live power lines, gas, heat, oil or acid pipelines or other communications cross the site"), default=False)
    machines_working = models.BooleanField(_("technological machines and mechanisms are working on the site"),
                                           default=False)
    shop_signed_at = models.DateTimeField(_("signed by the head of the shop"), null=True, blank=True)
    contractor_signed_at = models.DateTimeField(_("signed by the contractor's representative"), null=True, blank=True)
    # Annex 3: a certificate no longer in force before its end is cancelled by a signed act, with its reason.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("admission certificate")
        verbose_name_plural = _("admission certificates")
        ordering = ["-year", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "number"], condition=Q(number__isnull=False),
                                    name="certificate_number_unique"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="certificate_period_order",
                                   violation_error_message=_("The end of the period must not come before its beginning.")),
        ]
        indexes = [models.Index(fields=["organisation", "status", "ends_on"])]

    def __str__(self) -> str:
        if self.number:
            return _("Admission certificate No. %(number)s/%(year)s") % {"number": self.number, "year": self.year}
        return str(_("Admission certificate (draft)"))

    def in_force_on(self, day) -> bool:
        return self.status == CertificateStatus.ACTIVE and self.starts_on <= day <= self.ends_on


class CertificateMeasure(models.Model):
    """A row of the measures table of Annex 3: number, measure, deadline, executor."""

    certificate = models.ForeignKey(AdmissionCertificate, verbose_name=_("admission certificate"),
                                    on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveSmallIntegerField(_("No."))
    text = models.TextField(_("measure"))
    deadline = models.DateField(_("deadline"))
    executor = models.CharField(_("executor"), max_length=300)
    # The person who carries it out and signs it done; none named: the head of the shop or the contractor's
    # representative signs it.
    executor_person = models.ForeignKey("core.Person", verbose_name=_("executor (person)"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    # Annex 3 "deadline": "before the start of work" holds the contractor's admission until the measure is done.
    before_start = models.BooleanField(_("before the start of work"), default=False)
    done_at = models.DateTimeField(_("carried out"), null=True, blank=True)
    done_by = models.ForeignKey("core.Person", verbose_name=_("carried out by"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("certificate measure")
        verbose_name_plural = _("certificate measures")
        ordering = ["certificate_id", "number"]
        constraints = [models.UniqueConstraint(fields=["certificate", "number"], name="certificate_measure_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class EmergencyWork(models.Model):
    """344 cl.12: localisation and elimination of an accident, recorded without a permit until the direct threat is gone."""

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="emergency_works")
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="emergency_works")
    facility = models.ForeignKey("core.HazardousFacility", verbose_name=_("facility"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="emergency_works")
    description = models.TextField(_("accident and work done"))
    plan_reference = models.CharField(_("accident elimination plan (position)"), max_length=300)
    started_at = models.DateTimeField(_("started"))
    status = models.CharField(_("status"), max_length=20, choices=EmergencyStatus.choices,
                              default=EmergencyStatus.UNDER_WAY, db_index=True)
    threat_eliminated_at = models.DateTimeField(_("direct threat eliminated"), null=True, blank=True)
    leader = models.ForeignKey("core.Person", verbose_name=_("leader of the work"), on_delete=models.PROTECT,
                               related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("emergency work")
        verbose_name_plural = _("emergency works")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return _("Emergency work of %(date)s") % {"date": local_date(self.started_at)}


class Permit(models.Model):
    """The work permit (наряд-допуск), Annex 1. Item numbers of the form are given in the comments."""

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="permits")
    # The register number (Annex 2), taken when the permit is issued: gapless per organisation and year (344 cl.13).
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Header: organisation, site, workshop.
    division = models.ForeignKey("core.Division", verbose_name=_("site / workshop"), on_delete=models.PROTECT,
                                 related_name="permits")
    # 344 cl.16: work with several divisions taking part is issued by the head or a person the head authorised.
    other_divisions = models.ManyToManyField("core.Division", verbose_name=_("other divisions taking part"), blank=True,
                                             related_name="shared_permits")
    facility = models.ForeignKey("core.HazardousFacility", verbose_name=_("facility"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="permits")
    # 344 cl.7: the unit or area of the facility where the work is done (facility → unit → area).
    location = models.ForeignKey("core.Location", verbose_name=_("unit or area"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="permits")
    work_type = models.ForeignKey(WorkType, verbose_name=_("work type"), on_delete=models.PROTECT,
                                  related_name="permits")
    # 344 cl.9, cl.17: a contractor's permit for work on a site handed over by an admission certificate.
    contractor = models.ForeignKey("core.Contractor", verbose_name=_("contractor"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="permits")
    certificate = models.ForeignKey(AdmissionCertificate, verbose_name=_("admission certificate"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="permits")
    # 344 cl.18: a site that cannot be handed over (live communications, working machines): the customer issues the
    # permit and the contractor's people work under it.
    site_not_handed_over = models.BooleanField(
        _("the site cannot be handed over by an admission certificate (344 cl.18)"), default=False)
    # Item 1.
    performer = models.ForeignKey("core.Person", verbose_name=_("work performer"), on_delete=models.PROTECT,
                                  related_name="permits_as_performer")
    # Item 2.
    place = models.CharField(_("place of work"), max_length=500)
    devices = models.ManyToManyField("core.TechnicalDevice", verbose_name=_("equipment"), blank=True,
                                     related_name="permits")
    equipment = models.CharField(_("equipment (as named on the form)"), max_length=500, blank=True)
    scope_of_work = models.TextField(_("scope of work"))
    # Item 3.
    admitting_persons = models.ManyToManyField("core.Person", verbose_name=_("admitting persons"),
                                               related_name="permits_as_admitting")
    # Item 4.
    responsible_manager = models.ForeignKey("core.Person", verbose_name=_("responsible manager"),
                                            on_delete=models.PROTECT, related_name="permits_as_manager")
    # Item 6.
    issuer = models.ForeignKey("core.Person", verbose_name=_("issued by"), on_delete=models.PROTECT,
                               related_name="permits_as_issuer")
    planned_start = models.DateTimeField(_("planned start"))
    planned_end = models.DateTimeField(_("planned end"))
    validity = models.CharField(_("validity"), max_length=20, choices=Validity.choices, default=Validity.SINGLE_SHIFT)
    # 344 cl.8: nearby communications (Nearby values) and earthwork call for agreements attached before issue.
    nearby = models.JSONField(_("near existing communications"), default=list, blank=True)
    earthwork = models.BooleanField(_("earthwork"), default=False)
    emergency = models.ForeignKey(EmergencyWork, verbose_name=_("after emergency work"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="permits")
    # 344 cl.25-26: the permit this one was drawn up anew for.
    replaces = models.OneToOneField("self", verbose_name=_("replaces permit"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="replaced_by")
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    admitted_at = models.DateTimeField(_("admitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("workplace accepted"), null=True, blank=True)  # item 10
    started_at = models.DateTimeField(_("work started"), null=True, blank=True)  # item 11
    # The end of the shift the permit is valid for now: set at admission and by each extension (344 cl.6).
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    pause_kind = models.CharField(_("pause"), max_length=20, choices=PauseKind.choices, blank=True)
    suspended_at = models.DateTimeField(_("suspended"), null=True, blank=True)
    completed_at = models.DateTimeField(_("work completed"), null=True, blank=True)  # item 13
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)  # closed, terminated, voided or cancelled
    termination_reason = models.CharField(_("termination reason"), max_length=20, choices=TerminationReason.choices,
                                          blank=True)
    end_note = models.TextField(_("note on the end"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("work permit")
        verbose_name_plural = _("work permits")
        ordering = ["-year", "-number", "-id"]
        constraints = [
            # One register book per issuing organisation (344 cl.13, cl.15): the organisation's own, and one per
            # contractor whose authorised persons issue its permits (cl.9); each numbered on its own.
            models.UniqueConstraint(fields=["organisation", "year", "number"],
                                    condition=Q(number__isnull=False, contractor__isnull=True),
                                    name="permit_number_unique"),
            models.UniqueConstraint(fields=["organisation", "contractor", "year", "number"],
                                    condition=Q(number__isnull=False, contractor__isnull=False),
                                    name="permit_contractor_number_unique"),
            models.CheckConstraint(condition=Q(planned_end__gt=models.F("planned_start")), name="permit_period_order",
                                   violation_error_message=_("The planned end must come after the planned start.")),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "division"]),
            models.Index(fields=["organisation", "year", "number"]),
            models.Index(fields=["status", "valid_until"]),
            models.Index(fields=["organisation", "ended_at"]),
        ]

    def __str__(self) -> str:
        if self.number:
            return _("Work permit No. %(number)s/%(year)s") % {"number": self.number, "year": self.year}
        return _("Work permit (draft %(id)s)") % {"id": self.pk}

    @property
    def display_number(self) -> str:
        return f"{self.number}/{self.year}" if self.number else "—"

    @staticmethod
    def lapsed_q(now) -> Q:
        """`lapsed_at` as a query condition (344 cl.6): the permits due to lapse at `now` that the job has not yet
        lapsed. `services.lapse_due` and every filter and count by status read it (`status_q`, `effective_status_of`);
        tests hold it equal to `lapsed_at`."""
        return (Q(status__in=[Status.ADMITTED, Status.IN_PROGRESS], valid_until__lte=now)
                | Q(status=Status.PAUSED, validity=Validity.SINGLE_SHIFT, valid_until__lte=now)
                | Q(status=Status.PAUSED, planned_end__lte=now))

    @classmethod
    def status_q(cls, status: str, now) -> Q:
        """The permits whose `effective_status` at `now` is `status`: lapsed ones include those past their validity,
        and those are no longer admitted, in progress or paused."""
        if status == Status.LAPSED:
            return Q(status=Status.LAPSED) | cls.lapsed_q(now)
        if status in (Status.ADMITTED, Status.IN_PROGRESS, Status.PAUSED):
            return Q(status=status) & ~cls.lapsed_q(now)
        return Q(status=status)

    @classmethod
    def effective_status_of(cls, now) -> models.Case:
        """`effective_status` as an expression, to count or order by it in the database."""
        return models.Case(models.When(cls.lapsed_q(now), then=models.Value(Status.LAPSED)),
                           default=models.F("status"), output_field=models.CharField())

    def lapsed_at(self, now) -> bool:
        """Whether the permit no longer allows work at `now` (344 cl.6), as `services.lapse_due` selects it: working
        past its validity, paused past the end of its one shift, or paused past its planned period (`lapsed_q`)."""
        if self.status in (Status.ADMITTED, Status.IN_PROGRESS):
            return self.valid_until is not None and self.valid_until <= now
        if self.status == Status.PAUSED:
            return ((self.validity == Validity.SINGLE_SHIFT and self.valid_until is not None
                     and self.valid_until <= now) or self.planned_end <= now)
        return False

    @property
    def effective_status(self) -> str:
        """The status as people must read it now: lapsed the moment its validity passes (344 cl.6), before the
        scheduled job (`permits.lapse`) stores the transition."""
        return Status.LAPSED if self.lapsed_at(timezone.now()) else self.status

    def get_effective_status_display(self) -> str:
        return str(Status(self.effective_status).label)


class PermitMeasure(models.Model):
    """Item 5 (the measure) and item 7 (who carried it out, 344 cl.21)."""

    permit = models.ForeignKey(Permit, verbose_name=_("work permit"), on_delete=models.CASCADE,
                               related_name="measures")
    code = models.CharField(_("item"), max_length=5, choices=MeasureCode.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("measure"))
    # 344 cl.7: a joint measure agreed for several performers on one site, shown on every permit concerned.
    joint = models.ForeignKey("OverlapAgreement", verbose_name=_("joint measures agreement"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="permit_measures")
    done_by = models.ForeignKey("core.Person", verbose_name=_("carried out by"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(_("carried out"), null=True, blank=True)

    class Meta:
        verbose_name = _("safety measure")
        verbose_name_plural = _("safety measures")
        ordering = ["permit_id", "position", "id"]  # positions follow the form: 5.1 ... 5.10

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"


class AirSample(models.Model):
    """Item 5.4: an analysis of the air: where, when, what, how much, against which limit, measured by whom."""

    permit = models.ForeignKey(Permit, verbose_name=_("work permit"), on_delete=models.CASCADE,
                               related_name="air_samples")
    place = models.CharField(_("sampling place"), max_length=300)
    taken_at = models.DateTimeField(_("taken at"))
    substance = models.CharField(_("substance"), max_length=200)
    value = models.DecimalField(_("measured value"), max_digits=12, decimal_places=4)
    limit = models.DecimalField(_("permitted limit"), max_digits=12, decimal_places=4)
    # Choices since 0005 (older free-text units were mapped by its data migration; one it could not read stays as typed).
    unit = models.CharField(_("unit"), max_length=30, choices=AirUnit.choices, default=AirUnit.MG_PER_M3)
    gas_group = models.CharField(_("gas contamination group"), max_length=5, choices=GasGroup.choices, blank=True)
    measured_by = models.ForeignKey("core.Person", verbose_name=_("measured by"), on_delete=models.PROTECT,
                                    related_name="+")
    passed = models.BooleanField(_("within the limit"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("air sample")
        verbose_name_plural = _("air samples")
        ordering = ["permit_id", "taken_at", "id"]

    def __str__(self) -> str:
        unit = self.get_unit_display()
        return f"{self.place} {self.substance} {plain_number(self.value)} {unit} / {plain_number(self.limit)} {unit}"


class Approval(models.Model):
    """Items 8 and 8.1: approvals named by the issuer and signed after issue."""

    permit = models.ForeignKey(Permit, verbose_name=_("work permit"), on_delete=models.CASCADE,
                               related_name="approvals")
    kind = models.CharField(_("item"), max_length=5, choices=ApprovalKind.choices)
    approver = models.ForeignKey("core.Person", verbose_name=_("approver"), on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["permit_id", "kind", "id"]
        constraints = [models.UniqueConstraint(fields=["permit", "kind", "approver"], name="approval_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.approver}"


class CrewMember(models.Model):
    """Item 11: a crew member, briefed before working (344 cl.11, item 11); removed members keep their row."""

    permit = models.ForeignKey(Permit, verbose_name=_("work permit"), on_delete=models.CASCADE, related_name="crew")
    person = models.ForeignKey("core.Person", verbose_name=_("crew member"), on_delete=models.PROTECT,
                               related_name="crew_memberships")
    added_at = models.DateTimeField(_("added"))
    briefed_at = models.DateTimeField(_("briefed"), null=True, blank=True)
    briefed_by = models.ForeignKey("core.Person", verbose_name=_("briefed by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("crew member")
        verbose_name_plural = _("crew members")
        ordering = ["permit_id", "added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["permit", "person"], condition=Q(removed_at__isnull=True),
                                               name="crew_member_once")]

    def __str__(self) -> str:
        return str(self.person)


class AdmissionPeriod(models.Model):
    """Annex 2 columns: the initial admission and each re-admission, with their start and end (344 cl.13, cl.23)."""

    permit = models.ForeignKey(Permit, verbose_name=_("work permit"), on_delete=models.CASCADE,
                               related_name="periods")
    kind = models.CharField(_("kind"), max_length=20, choices=PeriodKind.choices)
    started_at = models.DateTimeField(_("start"))
    ended_at = models.DateTimeField(_("end"), null=True, blank=True)
    admitted_by = models.ForeignKey("core.Person", verbose_name=_("admitted by"), on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = _("admission period")
        verbose_name_plural = _("admission periods")
        ordering = ["permit_id", "started_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {local_datetime(self.started_at)}"


class Extension(models.Model):
    """Item 12: an extension for one shift (344 cl.6, cl.24, cl.29)."""

    permit = models.ForeignKey(Permit, verbose_name=_("work permit"), on_delete=models.CASCADE,
                               related_name="extensions")
    extended_at = models.DateTimeField(_("date and time"))
    shift_start = models.DateTimeField(_("shift start"))
    shift_end = models.DateTimeField(_("shift end"))
    handed_over_by = models.ForeignKey("core.Person", verbose_name=_("shift handed over by (work performer)"),
                                       null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    accepted_by = models.ForeignKey("core.Person", verbose_name=_("shift accepted by (work performer)"),
                                    on_delete=models.PROTECT, related_name="+")
    crew_count = models.PositiveSmallIntegerField(_("crew of the incoming shift"))
    admitted_by = models.ForeignKey("core.Person", verbose_name=_("permitted by (admitting person)"),
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["permit_id", "shift_start", "id"]

    def __str__(self) -> str:
        return f"{local_datetime(self.shift_start)}–{local_clock(self.shift_end)}"


class Naming(models.Model):
    """344 cl.29, item 12: an admitting person added or replaced by the issuer after issue (the replaced person stays
    here: who was admitting when), or a work performer of the shifts named by the issuer, at drafting or after issue.
    Only those performers and the permit's own accept a shift (item 12). Rows, not a link of the permit: the permit's
    ledger snapshot, taken by every act, stays as it was."""

    permit = models.ForeignKey(Permit, verbose_name=_("work permit"), on_delete=models.CASCADE, related_name="namings")
    kind = models.CharField(_("kind"), max_length=30, choices=NamingKind.choices)
    person = models.ForeignKey("core.Person", verbose_name=_("person named"), on_delete=models.PROTECT,
                               related_name="+")
    replaced = models.ForeignKey("core.Person", verbose_name=_("person replaced"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    named_at = models.DateTimeField(_("date and time"))
    named_by = models.ForeignKey("core.Person", verbose_name=_("named by (permit issuer)"), on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        verbose_name = _("person named after issue")
        verbose_name_plural = _("people named after issue")
        ordering = ["permit_id", "named_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Named by content hash: the same file attached twice is stored once, and a stored file never changes name.
    return f"permits/{instance.permit.organisation_id}/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    """344 cl.4 and cl.8: plans, sketches, layouts and agreements attached to the permit, fixed by their hash."""

    permit = models.ForeignKey(Permit, verbose_name=_("work permit"), on_delete=models.CASCADE,
                               related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=300)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size, bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["permit_id", "added_at", "id"]

    def __str__(self) -> str:
        return self.title


# The register's kept lines, the joint measures and the kiosk links live in their own modules; imported here so that
# the app's models are all in `models`.
from .joint import JointSignature, OverlapAgreement  # noqa: E402, F401
from .kiosk_links import KioskLink  # noqa: E402, F401
from .register_lines import RegisterLine  # noqa: E402, F401
