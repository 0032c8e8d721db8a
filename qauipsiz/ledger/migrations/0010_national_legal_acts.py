"""The data step of the national library of legal acts (issue 12; the schema is core's migration 0008_legal).

It lives in the ledger's migrations because it writes the organisations' chains, which the register may not import.

Until now each organisation held its own copy of Order 315, Order 344 and the other national acts. The data step merges
the copies of one act (same number, date and issuer) into one row of no organisation: the clauses of every copy are
kept (a clause of the same number is merged into the kept one, whose empty languages it fills), and whatever pointed at
a copy, an act, a clause or an edition (amending acts, citations), is pointed at the kept row. Copies whose clauses of
one number say different things are not merged: they stay their organisation's own acts, so that no wording is lost.

Each organisation's chain of the ledger gets a "merged into the national library" entry for each of its rows that no
longer exists, so that `qauipsiz verify` does not report them as deleted outside the system; rows that became national
are in no organisation's books any more, and verify passes them by.
"""

from django.db import migrations

# Acts known to be national even when only one organisation holds a copy: (number, date adopted).
KNOWN_NATIONAL = {
    ("315", "2021-06-24"), ("344", "2020-08-28"), ("188-V ЗРК", "2014-04-11"), ("414-V ЗРК", "2015-11-23"),
    ("251-III", "2007-05-15"), ("343", "2014-12-30"), ("246", "2015-03-30"), ("253", "2015-03-31"),
    ("358", "2014-12-30"), ("359", "2014-12-30"), ("55", "2022-02-21"), ("1019", "2015-12-25"), ("41", "2013-07-02"),
    ("823", "2011-10-18"), ("335", "2022-12-26"), ("433", "2025-10-02"),
}
LANGUAGES = ("kk", "ru", "en")


def _repoint(model, old_pk, new_pk) -> None:
    """Point every foreign key and many-to-many row that refers to `old_pk` of `model` at `new_pk`."""
    for rel in model._meta.related_objects:
        if rel.many_to_many:
            through = rel.through
            source = next(f for f in through._meta.fields if f.is_relation and f.related_model is not model)
            target = next(f for f in through._meta.fields if f.is_relation and f.related_model is model)
            for row in list(through.objects.filter(**{target.attname: old_pk})):
                if through.objects.filter(**{target.attname: new_pk,
                                             source.attname: getattr(row, source.attname)}).exists():
                    row.delete()
                else:
                    through.objects.filter(pk=row.pk).update(**{target.attname: new_pk})
        elif rel.one_to_many or rel.one_to_one:
            rel.related_model._base_manager.filter(**{rel.field.attname: old_pk}).update(**{rel.field.attname: new_pk})


def _compatible(kept_clauses: dict, copy_clauses) -> bool:
    for clause in copy_clauses:
        other = kept_clauses.get(clause.number)
        if other is None:
            continue
        for lang in LANGUAGES:
            mine, theirs = getattr(clause, f"text_{lang}").strip(), getattr(other, f"text_{lang}").strip()
            if mine and theirs and mine != theirs:
                return False
    return True


def merge_national_acts(apps, schema_editor):
    LegalAct = apps.get_model("core", "LegalAct")
    LegalActClause = apps.get_model("core", "LegalActClause")
    ClauseEdition = apps.get_model("core", "ClauseEdition")
    gone = []  # (organisation id, label, pk, repr) of the rows merged away

    groups = {}
    for act in LegalAct.objects.filter(organisation__isnull=False).order_by("pk"):
        groups.setdefault((act.number, act.adopted_on, act.issuer), []).append(act)
    for (number, adopted_on, issuer), copies in groups.items():
        national = LegalAct.objects.filter(organisation__isnull=True, number=number, adopted_on=adopted_on,
                                           issuer=issuer).first()
        if (national is None and len({a.organisation_id for a in copies}) < 2
                and (number, adopted_on.isoformat()) not in KNOWN_NATIONAL):
            continue
        if national is not None:
            copies = [national, *copies]
        kept = copies[0]
        kept_clauses = {c.number: c for c in LegalActClause.objects.filter(act=kept)}
        for copy in copies[1:]:
            clauses = list(LegalActClause.objects.filter(act=copy).order_by("pk"))
            if not _compatible(kept_clauses, clauses):
                continue
            for clause in clauses:
                same = kept_clauses.get(clause.number)
                if same is None:
                    LegalActClause.objects.filter(pk=clause.pk).update(act=kept.pk)
                    kept_clauses[clause.number] = clause
                    continue
                for lang in LANGUAGES:
                    if not getattr(same, f"text_{lang}") and getattr(clause, f"text_{lang}"):
                        setattr(same, f"text_{lang}", getattr(clause, f"text_{lang}"))
                same.save()
                starts = {e.in_force_from: e for e in ClauseEdition.objects.filter(clause=same)}
                for edition in ClauseEdition.objects.filter(clause=clause).order_by("pk"):
                    twin = starts.get(edition.in_force_from)
                    if twin is None:
                        ClauseEdition.objects.filter(pk=edition.pk).update(clause=same.pk)
                        starts[edition.in_force_from] = edition
                    else:
                        gone.append((copy.organisation_id, "core.clauseedition", edition.pk, f"{clause.number}"))
                        _repoint(ClauseEdition, edition.pk, twin.pk)
                        edition.delete()
                gone.append((copy.organisation_id, "core.legalactclause", clause.pk, f"{copy.number}, {clause.number}"))
                _repoint(LegalActClause, clause.pk, same.pk)
                clause.delete()
            gone.append((copy.organisation_id, "core.legalact", copy.pk, f"№ {copy.number}"))
            _repoint(LegalAct, copy.pk, kept.pk)
            copy.delete()
        LegalAct.objects.filter(pk=kept.pk).update(organisation=None)

    if gone:
        # The ledger's own service keeps the chain's hashes; it is the one piece of live code this step uses.
        from qauipsiz.ledger.services import append

        for organisation_id, label, pk, text in gone:
            append(organisation_id=organisation_id, by=None, action=f"{label}.merged_into_national",
                   object_type=label, object_id=str(pk), object_repr=text, gone=True)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0008_legal'),
        ('ledger', '0009_people'),
    ]

    operations = [
        migrations.RunPython(merge_national_acts, migrations.RunPython.noop),
    ]
