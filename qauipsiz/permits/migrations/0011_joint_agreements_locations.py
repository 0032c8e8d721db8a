"""344 cl.7: the joint measures agreement is proposed and then signed by every party (JointSignature); permits name
the unit or area of their facility (core.Location). Agreements made before are kept as agreed, proposed when agreed."""

import django.db.models.deletion
from django.db import migrations, models


def proposed_when_agreed(apps, schema_editor):
    OverlapAgreement = apps.get_model("permits", "OverlapAgreement")
    OverlapAgreement.objects.filter(proposed_at__isnull=True).update(proposed_at=models.F("agreed_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_location"),
        ("permits", "0010_named_people"),
    ]

    operations = [
        migrations.AddField(
            model_name="permit",
            name="location",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="permits", to="core.location", verbose_name="unit or area"),
        ),
        migrations.RenameField(model_name="overlapagreement", old_name="agreed_by", new_name="proposed_by"),
        migrations.AlterField(
            model_name="overlapagreement",
            name="proposed_by",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="core.person", verbose_name="proposed by"),
        ),
        migrations.AddField(
            model_name="overlapagreement",
            name="proposed_at",
            field=models.DateTimeField(null=True, verbose_name="proposed"),
        ),
        migrations.RunPython(proposed_when_agreed, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="overlapagreement",
            name="proposed_at",
            field=models.DateTimeField(verbose_name="proposed"),
        ),
        migrations.AlterField(
            model_name="overlapagreement",
            name="agreed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="agreed"),
        ),
        # Agreements made before were agreed at once by their author.
        migrations.AddField(
            model_name="overlapagreement",
            name="status",
            field=models.CharField(choices=[("proposed", "Awaiting signatures"), ("agreed", "Agreed"),
                                            ("withdrawn", "Withdrawn")], default="agreed", max_length=20,
                                   verbose_name="status"),
        ),
        migrations.AlterField(
            model_name="overlapagreement",
            name="status",
            field=models.CharField(choices=[("proposed", "Awaiting signatures"), ("agreed", "Agreed"),
                                            ("withdrawn", "Withdrawn")], default="proposed", max_length=20,
                                   verbose_name="status"),
        ),
        migrations.AddField(
            model_name="overlapagreement",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="withdrawn"),
        ),
        migrations.AddField(
            model_name="overlapagreement",
            name="withdrawn_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="core.person", verbose_name="withdrawn by"),
        ),
        migrations.AddField(
            model_name="overlapagreement",
            name="withdrawal_reason",
            field=models.TextField(blank=True, verbose_name="reason for withdrawal"),
        ),
        migrations.AlterModelOptions(
            name="overlapagreement",
            options={"ordering": ["-proposed_at", "-id"], "verbose_name": "joint measures agreement",
                     "verbose_name_plural": "joint measures agreements"},
        ),
        migrations.AddIndex(
            model_name="overlapagreement",
            index=models.Index(fields=["organisation", "status"], name="permits_ove_organis_d0bf0c_idx"),
        ),
        migrations.CreateModel(
            name="JointSignature",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("signed_at", models.DateTimeField(blank=True, null=True, verbose_name="signed")),
                ("agreement", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="signatures",
                                                to="permits.overlapagreement",
                                                verbose_name="joint measures agreement")),
                ("contractor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                                 related_name="+", to="core.contractor", verbose_name="contractor")),
                ("signatory", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                to="core.person", verbose_name="signs")),
            ],
            options={
                "verbose_name": "joint measures signature",
                "verbose_name_plural": "joint measures signatures",
                "ordering": ["agreement_id", "id"],
                "indexes": [models.Index(condition=models.Q(("signed_at__isnull", True)), fields=["signatory"],
                                         name="joint_signature_pending")],
                "constraints": [models.UniqueConstraint(fields=("agreement", "signatory"),
                                                        name="joint_signature_once")],
            },
        ),
    ]
