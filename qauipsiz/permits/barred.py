"""Who a live permit names that may not act in any role now (315 cl.27.4: removed from work for training not passed in
time): the permit page and the board warn about them, with the reason and the removal's reference that the
production-control domain gives through `core.competence.barred` (permits import no other domain)."""

from collections import defaultdict

from qauipsiz.core.competence import barred
from qauipsiz.core.models import Person

from .models import CrewMember, Permit


def barred_on_permits(permits, at=None) -> dict[int, list[tuple[Person, list]]]:
    """Permit id -> [(person, reasons)] for the issuer, the admitting persons, the responsible manager, the performer
    and the crew not removed. Three queries for any number of
    permits (four when someone is barred)."""
    permits = list(permits)
    if not permits:
        return {}
    named: dict[int, list[int]] = defaultdict(list)
    for permit in permits:
        named[permit.pk].extend(pk for pk in (permit.issuer_id, permit.responsible_manager_id, permit.performer_id)
                                if pk)
    ids = [permit.pk for permit in permits]
    for permit_id, person_id in Permit.admitting_persons.through.objects.filter(permit_id__in=ids).values_list(
            "permit_id", "person_id"):
        named[permit_id].append(person_id)
    for permit_id, person_id in CrewMember.objects.filter(permit_id__in=ids, removed_at__isnull=True).values_list(
            "permit_id", "person_id"):
        named[permit_id].append(person_id)
    # The bars read a person's id and organisation only: the rows are read for the names of those barred alone, so
    # that a board with no one removed costs no reading of the people.
    organisation_of = {permit.pk: permit.organisation_id for permit in permits}
    stubs = {pk: Person(pk=pk, organisation_id=organisation_of[permit_id])
             for permit_id, pks in named.items() for pk in pks}
    reasons = barred(stubs.values(), at)
    people = Person.objects.in_bulk(list(reasons)) if reasons else {}
    found = {}
    for permit_id, person_ids in named.items():
        rows = [(people[pk], reasons[pk]) for pk in dict.fromkeys(person_ids) if pk in reasons]
        if rows:
            found[permit_id] = rows
    return found


def demo_live_permit_of_contractor(organisation) -> Permit | None:
    """For the demo of production control: a contractor's own permit in progress, whose crew a worker may join."""
    from .choices import Status

    return Permit.objects.filter(organisation=organisation, status=Status.IN_PROGRESS, contractor__isnull=False,
                                 site_not_handed_over=False).select_related("performer__user").order_by("id").first()


def demo_add_to_crew(permit: Permit, person: Person) -> CrewMember:
    """The permit's performer adds the person to the crew (item 11), to be briefed by the admitting person."""
    from . import services

    return services.crew_add(permit=permit, by=permit.performer.user, person=person)
