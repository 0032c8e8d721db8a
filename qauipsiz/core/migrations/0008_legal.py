"""The national library of legal acts (issue 12): an act of no organisation is read by every organisation.

The schema only; the organisations' copies of one national act are merged into one row by the ledger's migration
0010_national_legal_acts, which has to write to the organisations' chains (the register may not import the ledger).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0007_people'),
    ]

    operations = [
        migrations.AlterField(
            model_name='legalact',
            name='organisation',
            field=models.ForeignKey(blank=True, help_text='Empty for a national act shared by every organisation.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='legal_acts', to='core.organisation', verbose_name='organisation'),
        ),
        migrations.AddConstraint(
            model_name='legalact',
            constraint=models.UniqueConstraint(condition=models.Q(('organisation__isnull', True)), fields=('number', 'adopted_on', 'issuer'), name='national_legal_act_unique', violation_error_message='This national act is already in the library.'),
        ),
    ]
