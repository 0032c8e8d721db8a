"""The organisation's register: who and what the two regulations talk about.

Every record belongs to exactly one organisation (the tenant); scoping by division or contractor is applied on top of that
by the gatekeeper in `qauipsiz.accounts.policy`. Records are never deleted from the UI or the API, only deactivated, so that
permits and inspections that cite them keep pointing at something.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import (
    AppointmentPosition,
    AppointmentRole,
    CompetenceRole,
    DeviceState,
    DeviceType,
    DivisionKind,
    ElectricalGroup,
    HazardClass,
    LegalActStatus,
    LocationKind,
    StructureKind,
)
from .i18n import TranslatedNameModel, language_of, pick_translation
from .identifiers import parse_iin, validate_bin, validate_iin


class RecordModel(models.Model):
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Organisation(TranslatedNameModel, RecordModel):
    """A legal entity that operates hazardous production facilities; the unit of data separation."""

    bin = models.CharField(_("BIN"), max_length=12, unique=True, validators=[validate_bin])
    parent = models.ForeignKey(
        "self", verbose_name=_("parent organisation (holding)"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="subsidiaries",
    )
    address = models.CharField(_("legal address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # 315 cl.4.4, cl.17: the first head cancels a prescription and settles deadline disputes. Usually a first head is
    # named by a grant; an organisation may instead say that its head (the director) is its first head.
    head_is_first_head = models.BooleanField(
        _("the head is the first head"), default=False,
        help_text=_("The head of the organisation acts as its first head (315 cl.4.4, cl.17)."))

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_kk", "name_ru", "id"]


class Division(TranslatedNameModel, RecordModel):
    """A structural division, site or workshop; divisions form a tree under the organisation.

    `path` is the chain of zero-padded ids from the root ("/00000003/00000017/"), maintained by the division services, so that a
    whole subtree is one indexed prefix query.
    """

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="divisions")
    parent = models.ForeignKey("self", verbose_name=_("parent division"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    kind = models.CharField(_("kind"), max_length=20, choices=DivisionKind.choices, default=DivisionKind.DIVISION)
    code = models.CharField(_("code"), max_length=30, blank=True)
    head = models.ForeignKey("Person", verbose_name=_("head of division"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="headed_divisions")
    path = models.CharField(max_length=500, editable=False, blank=True, db_index=True, default="")

    class Meta:
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["path"]
        indexes = [models.Index(fields=["organisation", "is_active", "kind"])]

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)

    @property
    def tree_name(self) -> str:
        """The name indented by its depth: lists ordered by path then read as the tree they are."""
        return "\u2003" * self.depth + self.name


class HazardousFacility(TranslatedNameModel, RecordModel):
    """A hazardous production facility (HPF) with the description items of 315 cl.6.3."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="facilities")
    division = models.ForeignKey(Division, verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="facilities")
    registration_number = models.CharField(_("registration number"), max_length=50)
    hazard_class = models.CharField(_("hazard class"), max_length=2, choices=HazardClass.choices)
    location = models.CharField(_("location"), max_length=500, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    units_count = models.PositiveIntegerField(_("number of units"), default=1, help_text=_("315 cl.6: the facility's units"))
    # 315 cl.6.3: the short description of each facility.
    buildings_inspection_note = models.TextField(
        _("state and technical inspection of buildings and structures"), blank=True)
    devices_certification_note = models.TextField(_("technical certification of hazardous technical devices"), blank=True)
    accidents_note = models.TextField(_("accidents, incidents and accident-caused injuries"), blank=True)
    training_note = models.TextField(_("training of staff"), blank=True)

    class Meta:
        verbose_name = _("hazardous production facility")
        verbose_name_plural = _("hazardous production facilities")
        ordering = ["registration_number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "registration_number"], name="facility_regno_unique"),
        ]
        indexes = [models.Index(fields=["organisation", "is_active", "hazard_class"])]


class Location(TranslatedNameModel, RecordModel):
    """A place inside a hazardous production facility: a unit, or an area of a unit.

    With the facility they form the hierarchy facility → unit → area. Work at a facility as a whole is at every one of
    its units and areas, and work at a unit is at every area of it: that is how 344 cl.7 ("at one site at the same
    time") finds permits at the same site whatever their "place of work" text says.
    """

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="locations")
    facility = models.ForeignKey(HazardousFacility, verbose_name=_("facility"), on_delete=models.PROTECT,
                                 related_name="locations")
    kind = models.CharField(_("kind"), max_length=10, choices=LocationKind.choices, default=LocationKind.UNIT)
    parent = models.ForeignKey("self", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="areas", help_text=_("For an area: the unit it belongs to."))
    code = models.CharField(_("code"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("location (unit, area)")
        verbose_name_plural = _("locations (units, areas)")
        ordering = ["facility_id", "parent_id", "code", "id"]
        indexes = [models.Index(fields=["organisation", "is_active", "facility"])]

    def clean(self):
        if self.facility_id and self.organisation_id and HazardousFacility.objects.filter(
                pk=self.facility_id).exclude(organisation=self.organisation_id).exists():
            raise ValidationError({"facility": _("This belongs to another organisation.")})
        # Two steps only, so that "at one site" is a question of equality or parentage (344 cl.7).
        if self.kind == LocationKind.UNIT and self.parent_id is not None:
            raise ValidationError({"parent": _("A unit lies directly in its facility: leave the unit empty.")})
        if self.kind == LocationKind.AREA:
            if self.parent_id is None:
                raise ValidationError({"parent": _("Choose the unit the area belongs to.")})
            parent = Location.objects.filter(pk=self.parent_id).only("kind", "facility_id").first()
            if parent is None or parent.kind != LocationKind.UNIT or parent.facility_id != self.facility_id:
                raise ValidationError({"parent": _("Choose a unit of the same facility.")})

    @property
    def full_name(self) -> str:
        """The name as read on a permit: the unit before the area."""
        if self.parent_id is not None:
            return f"{self.parent.name} — {self.name}"
        return self.name


class BuildingStructure(TranslatedNameModel, RecordModel):
    """A building or structure of a facility with its technical inspection dates (315 cl.6.3)."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="buildings")
    facility = models.ForeignKey(HazardousFacility, verbose_name=_("facility"), on_delete=models.PROTECT,
                                 related_name="buildings")
    kind = models.CharField(_("kind"), max_length=20, choices=StructureKind.choices, default=StructureKind.BUILDING)
    inventory_number = models.CharField(_("inventory number"), max_length=50, blank=True)
    commissioned_year = models.PositiveSmallIntegerField(_("year commissioned"), null=True, blank=True)
    last_inspection_on = models.DateField(_("last technical inspection"), null=True, blank=True)
    next_inspection_on = models.DateField(_("next technical inspection"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("building or structure")
        verbose_name_plural = _("buildings and structures")
        ordering = ["name_kk", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_inspection_on__isnull=True) | Q(last_inspection_on__isnull=True)
                | Q(next_inspection_on__gt=F("last_inspection_on")),
                name="building_inspection_order",
                violation_error_message=_("The next inspection must come after the last one."),
            ),
        ]


class TechnicalDevice(TranslatedNameModel, RecordModel):
    """A technical device used at a facility, with its technical certification and operating state."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="devices")
    facility = models.ForeignKey(HazardousFacility, verbose_name=_("facility"), on_delete=models.PROTECT,
                                 related_name="devices")
    device_type = models.CharField(_("type"), max_length=30, choices=DeviceType.choices)
    registration_number = models.CharField(_("registration number"), max_length=50, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=80, blank=True)
    manufacturer = models.CharField(_("manufacturer"), max_length=200, blank=True)
    manufactured_year = models.PositiveSmallIntegerField(_("year of manufacture"), null=True, blank=True)
    last_certification_on = models.DateField(_("last technical certification"), null=True, blank=True)
    next_certification_on = models.DateField(_("next technical certification"), null=True, blank=True, db_index=True)
    state = models.CharField(_("state"), max_length=20, choices=DeviceState.choices, default=DeviceState.IN_OPERATION)

    class Meta:
        verbose_name = _("technical device")
        verbose_name_plural = _("technical devices")
        ordering = ["registration_number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "registration_number"], condition=~Q(registration_number=""),
                name="device_regno_unique",
                violation_error_message=_("A device with this registration number already exists."),
            ),
            models.CheckConstraint(
                condition=Q(next_certification_on__isnull=True) | Q(last_certification_on__isnull=True)
                | Q(next_certification_on__gt=F("last_certification_on")),
                name="device_certification_order",
                violation_error_message=_("The next certification must come after the last one."),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "is_active", "state", "device_type"])]


class Contractor(TranslatedNameModel, RecordModel):
    """A contractor organisation working for this organisation (344 cl.9, cl.17)."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("customer organisation"), on_delete=models.PROTECT,
                                     related_name="contractors")
    bin = models.CharField(_("BIN"), max_length=12, validators=[validate_bin])
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    contract_number = models.CharField(_("contract number"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("contractor")
        verbose_name_plural = _("contractors")
        ordering = ["name_kk", "name_ru", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "bin"], name="contractor_bin_unique",
                                               violation_error_message=_("This contractor is already registered."))]


class Person(RecordModel):
    """A worker of the organisation or of one of its contractors."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="people")
    iin = models.CharField(_("IIN"), max_length=12, validators=[validate_iin])
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    middle_name = models.CharField(_("patronymic"), max_length=100, blank=True)
    # The job title as the organisation writes it in each language (issue 11); pages show the reader's, or any.
    position_kk = models.CharField(_("position (Kazakh)"), max_length=200, blank=True)
    position_ru = models.CharField(_("position (Russian)"), max_length=200, blank=True)
    position_en = models.CharField(_("position (English)"), max_length=200, blank=True)
    division = models.ForeignKey(Division, verbose_name=_("division"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="people")
    contractor = models.ForeignKey(Contractor, verbose_name=_("employer (contractor)"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="staff",
                                   help_text=_("Empty for the organisation's own employees."))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user account"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="person")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "middle_name", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "iin"], name="person_iin_unique",
                                               violation_error_message=_("A person with this IIN already exists."))]
        indexes = [models.Index(fields=["organisation", "is_active", "last_name"])]

    @property
    def position(self) -> str:
        """The job title in the reader's language, else in whichever it was written."""
        return pick_translation(self, "position")

    @position.setter
    def position(self, value: str) -> None:
        # A title given without its language (a script, an older import file) goes to the language it is written in.
        setattr(self, f"position_{language_of(value or '')}", value or "")

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def short_name(self) -> str:
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.middle_name) if p)
        return f"{self.last_name} {initials}".strip()

    @property
    def birth_date(self):
        try:
            return parse_iin(self.iin).birth_date
        except ValidationError:
            return None

    def __str__(self) -> str:
        return self.full_name


class TrainingType(TranslatedNameModel, RecordModel):
    """A kind of training or certification. Built-in types have no organisation and are shared read-only."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="training_types")
    code = models.SlugField(_("code"), max_length=50)
    validity_months = models.PositiveSmallIntegerField(_("usual validity, months"), null=True, blank=True)
    has_electrical_group = models.BooleanField(_("records an electrical safety group"), default=False)

    class Meta:
        verbose_name = _("training type")
        verbose_name_plural = _("training types")
        ordering = ["organisation_id", "name_kk", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="training_type_code_unique"),
            models.UniqueConstraint(fields=["code"], condition=Q(organisation__isnull=True),
                                    name="builtin_training_type_code_unique"),
        ]

    @property
    def is_builtin(self) -> bool:
        return self.organisation_id is None


class Training(RecordModel):
    """A training or certification a person passed: document number, passed on, valid until."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="trainings")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="trainings")
    training_type = models.ForeignKey(TrainingType, verbose_name=_("training type"), on_delete=models.PROTECT,
                                      related_name="trainings")
    document_number = models.CharField(_("document number"), max_length=100)
    passed_on = models.DateField(_("passed on"))
    valid_until = models.DateField(_("valid until"), db_index=True)
    electrical_group = models.CharField(_("electrical safety group"), max_length=3, choices=ElectricalGroup.choices,
                                        blank=True)
    issued_by = models.CharField(_("issued by (commission, training centre)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-valid_until", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gt=F("passed_on")), name="training_dates_order",
                                   violation_error_message=_("'Valid until' must be after 'passed on'.")),
        ]
        indexes = [models.Index(fields=["organisation", "is_active", "training_type", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.training_type} {self.document_number}"


class Appointment(RecordModel):
    """Appointment of a person to a function by an order of the head, for a period and for divisions."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="appointments")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="appointments")
    role = models.CharField(_("function"), max_length=30, choices=AppointmentRole.choices)
    # 344 cl.16 (the Kazakh text): local work is issued by "the heads of the structural divisions or their deputies",
    # work of several divisions by "the head of the organisation or a person he authorised" — the post decides.
    position = models.CharField(_("post"), max_length=20, choices=AppointmentPosition.choices, blank=True,
                                help_text=_("Head or deputy head of the divisions covered (of the organisation when it "
                                            "covers the whole organisation). Empty: authorised by the order only."))
    order_number = models.CharField(_("order number"), max_length=50)
    order_date = models.DateField(_("order date"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True,
                                   help_text=_("Empty: until the appointment is revoked."))
    whole_organisation = models.BooleanField(_("covers the whole organisation"), default=False)
    divisions = models.ManyToManyField(Division, verbose_name=_("divisions covered"), blank=True,
                                       related_name="appointments")
    # 315 cl.3: production control is exercised "at hazardous production facilities"; the order names those covered.
    facilities = models.ManyToManyField(HazardousFacility, verbose_name=_("facilities covered"), blank=True,
                                        related_name="appointments")
    end_reason = models.CharField(_("reason the appointment ended"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["-valid_from", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                                   name="appointment_dates_order",
                                   violation_error_message=_("'Valid until' must not be before 'valid from'.")),
            models.CheckConstraint(condition=Q(valid_from__gte=F("order_date")), name="appointment_after_order",
                                   violation_error_message=_("An appointment cannot start before its order.")),
        ]
        indexes = [models.Index(fields=["organisation", "is_active", "role", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"


class RoleTrainingRequirement(RecordModel):
    """Training a role requires for competence; configured per organisation (see `competence.is_competent`)."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
                                     related_name="role_requirements")
    role = models.CharField(_("role"), max_length=30, choices=CompetenceRole.choices)
    training_type = models.ForeignKey(TrainingType, verbose_name=_("training type"), on_delete=models.PROTECT,
                                      related_name="role_requirements")

    class Meta:
        verbose_name = _("required training")
        verbose_name_plural = _("required trainings")
        ordering = ["role", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "role", "training_type"],
                                               name="role_requirement_unique")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.training_type}"


class LegalAct(RecordModel):
    """A normative legal act whose clauses findings cite.

    No organisation: a national act (Order 315, Order 344, the Law on civil protection, the industrial-safety rules),
    one row that every organisation reads and only the installation's superuser maintains (315 cl.16: the service
    follows the acts in force). With an organisation: that organisation's own internal act, seen by it alone.
    """

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="legal_acts",
                                     help_text=_("Empty for a national act shared by every organisation."))
    title_kk = models.CharField(_("title (Kazakh)"), max_length=1000, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=1000, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=1000, blank=True)
    number = models.CharField(_("number"), max_length=50)
    adopted_on = models.DateField(_("date"))
    issuer = models.CharField(_("issued by"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=LegalActStatus.choices, default=LegalActStatus.IN_FORCE)
    lost_force_on = models.DateField(_("lost force on"), null=True, blank=True)

    class Meta:
        verbose_name = _("normative legal act")
        verbose_name_plural = _("normative legal acts")
        ordering = ["-adopted_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=LegalActStatus.IN_FORCE, lost_force_on__isnull=True)
                           | Q(status=LegalActStatus.LOST_FORCE, lost_force_on__isnull=False)),
                name="legal_act_lost_force_date",
                violation_error_message=_("An act that lost force needs the date; an act in force must not have one."),
            ),
            # One row per national act: the demo and the data step of the migration find it by these three.
            models.UniqueConstraint(fields=["number", "adopted_on", "issuer"], condition=Q(organisation__isnull=True),
                                    name="national_legal_act_unique",
                                    violation_error_message=_("This national act is already in the library.")),
        ]
        indexes = [models.Index(fields=["organisation", "is_active", "status"])]

    @property
    def is_national(self) -> bool:
        return self.organisation_id is None

    @property
    def library(self) -> str:
        """Whose act it is, as the lists show it: "national" or the organisation's name."""
        return gettext("national") if self.organisation_id is None else str(self.organisation.name)

    @property
    def title(self) -> str:
        return pick_translation(self, "title")

    def clean(self):
        super().clean()
        if not (self.title_kk or self.title_ru or self.title_en):
            raise ValidationError({"title_kk": _("Enter the title in at least one language.")})
        if self.lost_force_on and self.adopted_on and self.lost_force_on < self.adopted_on:
            raise ValidationError({"lost_force_on": _("An act cannot lose force before it was adopted.")})

    @property
    def reference(self) -> str:
        """The act as a note cites it: "Order 335 of 26.12.2022"."""
        return gettext("No. %(number)s of %(date)s") % {
            "number": self.number, "date": formats.date_format(self.adopted_on, "SHORT_DATE_FORMAT")}

    def __str__(self) -> str:
        return f"{self.title} № {self.number}"


class LegalActClause(RecordModel):
    """A clause of a legal act, so that a finding can cite "act X, clause Y"."""

    act = models.ForeignKey(LegalAct, verbose_name=_("legal act"), on_delete=models.PROTECT, related_name="clauses")
    number = models.CharField(_("clause"), max_length=30)
    text_kk = models.TextField(_("text (Kazakh)"), blank=True)
    text_ru = models.TextField(_("text (Russian)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    position = models.PositiveIntegerField(_("order in the act"), default=0, blank=True)

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["act_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["act", "number"], name="clause_number_unique",
                                               violation_error_message=_("This clause is already recorded."))]

    @property
    def text(self) -> str:
        return pick_translation(self, "text")

    def __str__(self) -> str:
        return gettext("%(act)s, cl. %(number)s") % {"act": self.act, "number": self.number}


class ClauseEdition(RecordModel):
    """One wording of a clause, in force for a period (315 cl.16: a finding cites the clause as it stood on its date).

    An amending act gives a clause a new wording, or repeals it, from a date: the edition before it ends the day before,
    and the new one starts (`in_force_until` empty: still in force). A repealed edition (Order 335 of 26.12.2022 for 315
    cl.10) has no wording and cannot be cited (`core.legal.citable_edition`).
    """

    clause = models.ForeignKey(LegalActClause, verbose_name=_("clause"), on_delete=models.PROTECT,
                               related_name="editions")
    text_kk = models.TextField(_("text (Kazakh)"), blank=True)
    text_ru = models.TextField(_("text (Russian)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    in_force_from = models.DateField(_("in force from"))
    in_force_until = models.DateField(_("in force until"), null=True, blank=True,
                                      help_text=_("Empty: in force until amended."))
    amending_act = models.ForeignKey(LegalAct, verbose_name=_("amending act"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="amended_editions",
                                     help_text=_("Empty for the clause's original wording."))
    repealed = models.BooleanField(_("repealed"), default=False)

    class Meta:
        verbose_name = _("clause edition")
        verbose_name_plural = _("clause editions")
        ordering = ["clause_id", "in_force_from", "id"]
        constraints = [
            models.UniqueConstraint(fields=["clause", "in_force_from"], name="clause_edition_start_unique",
                                    violation_error_message=_("This clause already has an edition from that date.")),
            models.CheckConstraint(condition=Q(in_force_until__isnull=True) | Q(in_force_until__gte=F("in_force_from")),
                                   name="clause_edition_dates_order",
                                   violation_error_message=_("'In force until' must not be before 'in force from'.")),
        ]
        indexes = [models.Index(fields=["clause", "in_force_from"])]

    @property
    def text(self) -> str:
        return pick_translation(self, "text")

    def in_force_on(self, day) -> bool:
        return self.in_force_from <= day and (self.in_force_until is None or self.in_force_until >= day)

    @property
    def state(self) -> str:
        """Where the edition stands today, as the clause's timeline shows it."""
        today = timezone.localdate()
        if self.repealed and self.in_force_from <= today:
            if self.amending_act_id is None:
                return gettext("repealed")
            return gettext("repealed (%(act)s)") % {"act": self.amending_act.reference}
        if self.in_force_from > today:
            if self.repealed:
                return gettext("repealed from %(date)s") % {
                    "date": formats.date_format(self.in_force_from, "SHORT_DATE_FORMAT")}
            return gettext("in force from %(date)s") % {
                "date": formats.date_format(self.in_force_from, "SHORT_DATE_FORMAT")}
        if self.in_force_on(today):
            return gettext("in force today")
        return gettext("no longer in force")

    def clean(self):
        super().clean()
        if not self.repealed and not (self.text_kk or self.text_ru or self.text_en):
            raise ValidationError({"text_kk": _("Enter the wording in at least one language.")})
        if self.clause_id and self.in_force_from:
            # Two wordings in force on one day would make a finding's citation ambiguous (315 cl.16).
            end = self.in_force_until or datetime.date.max
            overlapping = ClauseEdition.objects.filter(clause_id=self.clause_id, in_force_from__lte=end).filter(
                Q(in_force_until__isnull=True) | Q(in_force_until__gte=self.in_force_from)).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError({"in_force_from": _(
                    "Another edition of this clause is in force in that period: end it first.")})

    def __str__(self) -> str:
        return gettext("%(clause)s (from %(date)s)") % {
            "clause": self.clause, "date": formats.date_format(self.in_force_from, "SHORT_DATE_FORMAT")}
