"""Issue 11: a person's job title in Kazakh, Russian and English, shown in the reader's language like the register's
names. The one title kept so far goes to the language it is written in (a letter only Kazakh writes: Kazakh; otherwise
Cyrillic: Russian; else English), so that no title is lost or shown under the wrong language."""

from django.db import migrations, models

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def language_of(text: str) -> str:
    # A copy of qauipsiz.core.i18n.language_of as it is now: a migration must not change with the code.
    if any(ch in KAZAKH_LETTERS for ch in text):
        return "kk"
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        return "ru"
    return "en"


def sort_titles(apps, schema_editor):
    Person = apps.get_model("core", "Person")
    for person in Person.objects.exclude(position_kk="").only("pk", "position_kk").iterator():
        language = language_of(person.position_kk)
        if language != "kk":
            Person.objects.filter(pk=person.pk).update(**{f"position_{language}": person.position_kk,
                                                          "position_kk": ""})


def join_titles(apps, schema_editor):
    Person = apps.get_model("core", "Person")
    for person in Person.objects.filter(position_kk="").exclude(position_ru="", position_en=""):
        Person.objects.filter(pk=person.pk).update(position_kk=person.position_ru or person.position_en)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_location"),
    ]

    operations = [
        migrations.RenameField(model_name="person", old_name="position", new_name="position_kk"),
        migrations.AlterField(model_name="person", name="position_kk",
                              field=models.CharField(blank=True, max_length=200, verbose_name="position (Kazakh)")),
        migrations.AddField(model_name="person", name="position_ru",
                            field=models.CharField(blank=True, max_length=200, verbose_name="position (Russian)")),
        migrations.AddField(model_name="person", name="position_en",
                            field=models.CharField(blank=True, max_length=200, verbose_name="position (English)")),
        migrations.RunPython(sort_titles, join_titles),
    ]
