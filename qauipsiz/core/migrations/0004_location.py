"""344 cl.7: the units and areas of a hazardous production facility (facility → unit → area)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_appointment_position"),
    ]

    operations = [
        migrations.CreateModel(
            name="Location",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name_kk", models.CharField(blank=True, max_length=300, verbose_name="name (Kazakh)")),
                ("name_ru", models.CharField(blank=True, max_length=300, verbose_name="name (Russian)")),
                ("name_en", models.CharField(blank=True, max_length=300, verbose_name="name (English)")),
                ("is_active", models.BooleanField(db_index=True, default=True, verbose_name="active")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("kind", models.CharField(choices=[("unit", "Unit"), ("area", "Area of a unit")], default="unit",
                                          max_length=10, verbose_name="kind")),
                ("code", models.CharField(blank=True, max_length=30, verbose_name="code")),
                ("facility", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="locations",
                                               to="core.hazardousfacility", verbose_name="facility")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                                   related_name="locations", to="core.organisation",
                                                   verbose_name="organisation")),
                ("parent", models.ForeignKey(blank=True, help_text="For an area: the unit it belongs to.", null=True,
                                             on_delete=django.db.models.deletion.PROTECT, related_name="areas",
                                             to="core.location", verbose_name="unit")),
            ],
            options={
                "verbose_name": "location (unit, area)",
                "verbose_name_plural": "locations (units, areas)",
                "ordering": ["facility_id", "parent_id", "code", "id"],
                "indexes": [models.Index(fields=["organisation", "is_active", "facility"],
                                         name="core_locati_organis_46109c_idx")],
            },
        ),
    ]
