"""Test data shared by the security tests."""

from qauipsiz.core import models
from qauipsiz.core.choices import AppointmentRole
from tests import factories as f


def records_of(org) -> dict[str, object]:
    """One record of every register type (keyed by its slug in `RESOURCES`) in `org`."""
    shop = f.division(org, "Shop")
    fac = f.facility(org, shop)
    person = f.person(org, shop, contractor=f.contractor(org))
    act = models.LegalAct.objects.create(organisation=org, title_en="Act", number="1", adopted_on="2021-06-24",
                                         issuer="MES")
    clause = models.LegalActClause.objects.create(act=act, number="5", text_en="Clause")
    return {
        "organisations": org, "divisions": shop, "facilities": fac, "locations": f.location(fac),
        "buildings": f.building(fac),
        "devices": f.device(fac), "contractors": person.contractor, "people": person,
        "trainings": f.training(person), "appointments": f.appointment(person, whole=True),
        "training-types": models.TrainingType.objects.create(organisation=org, code="custom", name_en="Custom"),
        "role-requirements": models.RoleTrainingRequirement.objects.create(
            organisation=org, role=AppointmentRole.PERMIT_ISSUER, training_type=f.training_type("industrial_safety")),
        "legal-acts": act,
        "clauses": clause,
        "clause-editions": models.ClauseEdition.objects.create(clause=clause, text_en="Clause",
                                                               in_force_from="2021-06-24"),
    }


def two_organisations() -> tuple[dict, dict]:
    """Records of every type in an organisation of one's own and in a foreign one."""
    return records_of(f.organisation("Refinery A")), records_of(f.organisation("Refinery B"))
