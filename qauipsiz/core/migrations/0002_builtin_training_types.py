from django.db import migrations

# Built-in training and certification types shared by every organisation (organisation = NULL).
BUILTIN_TYPES = [
    # code, kk, ru, en, validity in months, records an electrical group
    ("industrial_safety", "Өнеркәсіптік қауіпсіздік бойынша білімін тексеру",
     "Проверка знаний по промышленной безопасности", "Industrial-safety knowledge check", 12, False),
    ("electrical_safety", "Электр қауіпсіздігі тобы", "Группа по электробезопасности", "Electrical safety group",
     12, True),
    ("work_at_height", "Биіктіктегі жұмыстар", "Работы на высоте", "Work at height", 12, False),
    ("confined_spaces", "Тұйық кеңістіктердегі жұмыстар", "Работы в замкнутых пространствах",
     "Work in confined spaces", 12, False),
    ("gas_hazardous", "Газқауіпті жұмыстар", "Газоопасные работы", "Gas-hazardous work", 12, False),
    ("first_aid", "Алғашқы медициналық көмек көрсету", "Оказание первой помощи", "First aid", 36, False),
]


def create_types(apps, schema_editor):
    TrainingType = apps.get_model("core", "TrainingType")
    for code, kk, ru, en, months, electrical in BUILTIN_TYPES:
        TrainingType.objects.update_or_create(
            organisation=None, code=code,
            defaults={"name_kk": kk, "name_ru": ru, "name_en": en, "validity_months": months,
                      "has_electrical_group": electrical},
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_types, migrations.RunPython.noop)]
