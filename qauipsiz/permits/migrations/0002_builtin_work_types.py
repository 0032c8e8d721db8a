"""The built-in work types of 344 and their measure templates (item 5), in Kazakh, Russian and English.

The issuer adapts the pre-filled measures on each permit; organisations add their own types beside these.
"""

from django.db import migrations

# kind: (names kk/ru/en, [(item, kk, ru, en), ...])
BUILTIN = {
    "hot": (("Отпен жұмыс", "Огневые работы", "Hot work"), [
        ("5.1", "Аппаратты тоқтату, өнімнен босату", "Остановить аппарат, освободить от продукта", "Stop the unit and empty it of product"),
        ("5.2", "Ысырмаларды жабу, электр жетегін ажырату", "Закрыть задвижки, отключить электропривод", "Close the valves, disconnect the electric drive"),
        ("5.3", "Тығындар орнату, журналға тіркеу", "Установить заглушки с записью в журнале", "Install plugs and record them in the logbook"),
        ("5.4", "Жұмыс орнында ауа сынамасын алу", "Отобрать пробу воздуха на месте работ", "Take an air sample at the place of work"),
        ("5.5", "Аймақты қоршау, «Отпен жұмыс» белгісін қою", "Оградить зону, выставить знаки «Огневые работы»", "Fence the area and post 'Hot work' signs"),
        ("5.10", "Өрт сөндіру құралдарын дайындау", "Подготовить первичные средства пожаротушения", "Have fire-fighting equipment ready"),
    ]),
    "height": (("Биіктіктегі жұмыс", "Работы на высоте", "Work at height"), [
        ("5.5", "Төмендегі аймақты қоршау", "Оградить зону под местом работ", "Fence the area below the work"),
        ("5.6", "Ормандарды тексеру, сақтандырғыш белдіктерді бекіту", "Проверить леса, закрепить страховочные пояса", "Check the scaffolding and anchor the safety harnesses"),
        ("5.7", "Көрші крандардың машинистерін ескерту", "Предупредить машинистов соседних кранов", "Warn the operators of adjacent cranes"),
    ]),
    "confined": (("Шектеулі кеңістіктер мен құдықтар", "Работы в замкнутых пространствах и колодцах", "Confined spaces and wells"), [
        ("5.1", "Ыдысты тоқтату және өнімнен босату", "Остановить ёмкость и освободить от продукта", "Stop the vessel and empty it"),
        ("5.2", "Барлық құбырларды ажырату", "Отключить все трубопроводы", "Disconnect all pipelines"),
        ("5.3", "Тығындар орнату", "Установить заглушки", "Install plugs"),
        ("5.4", "Ішіндегі ауаны талдау (O₂, H₂S, CH)", "Анализ воздуха внутри (O₂, H₂S, CH)", "Analyse the air inside (O₂, H₂S, CH)"),
        ("5.6", "Құтқару арқандары мен белдіктерін дайындау", "Подготовить спасательные верёвки и пояса", "Prepare rescue ropes and harnesses"),
        ("5.10", "Люк жанында бақылаушы қою", "Выставить наблюдающего у люка", "Post an attendant at the hatch"),
    ]),
    "electrical": (("Электр жұмыстары", "Электротехнические работы", "Electrical work"), [
        ("5.2", "Ажыратқыштарды өшіру, жетектерді құлыптау", "Отключить выключатели, запереть приводы", "Switch off the breakers and lock the drives"),
        ("5.3", "Жерге тұйықтау орнату, «Қосуға болмайды» плакаттарын ілу", "Установить заземление, вывесить плакаты «Не включать»", "Install earthing and hang 'Do not switch on' posters"),
        ("5.5", "Ток жүретін бөліктерді қоршау", "Оградить токоведущие части", "Fence off live parts"),
    ]),
    "excavation": (("Жер жұмыстары", "Земляные работы", "Excavation (earthwork)"), [
        ("5.5", "Қазаншұңқырды қоршау, түнгі сигнал шамдарын орнату", "Оградить котлован, установить сигнальные фонари", "Fence the pit and install signal lamps"),
        ("5.9", "Жұмыс орнына өту жолдарын көрсету", "Указать проходы к месту работ", "Mark the routes to the place of work"),
        ("5.10", "Коммуникацияларды иелерімен келісу (344 бұйрық 8-т.)", "Согласовать с владельцами коммуникаций (п. 8 Правил 344)", "Agree with the owners of the communications (344 cl.8)"),
    ]),
    "gas_hazardous": (("Газқауіпті жұмыстар", "Газоопасные работы", "Gas-hazardous work"), [
        ("5.2", "Газ құбырын ажырату", "Отключить газопровод", "Disconnect the gas pipeline"),
        ("5.3", "Тығындар орнату, үрлеу", "Установить заглушки, продуть", "Install plugs and purge"),
        ("5.4", "Ауадағы газ концентрациясын өлшеу", "Замер концентрации газа в воздухе", "Measure the gas concentration in the air"),
        ("5.10", "Газқағарларды дайындау", "Подготовить противогазы", "Have gas masks ready"),
    ]),
    "lifting": (("Жүк көтеру жұмыстары", "Грузоподъёмные работы", "Lifting operations"), [
        ("5.5", "Жүк көтеру аймағын қоршау", "Оградить зону подъёма груза", "Fence the lifting zone"),
        ("5.7", "Көрші крандардың машинистерін журналға қол қойдырып ескерту", "Предупредить машинистов соседних кранов под роспись в журнале", "Warn the operators of adjacent cranes, signed in the logbook"),
        ("5.8", "Темір жол жолдарындағы қауіпсіздікті қамтамасыз ету", "Обеспечить безопасность на железнодорожных путях", "Secure the railway tracks"),
    ]),
}


def load(apps, schema_editor):
    WorkType = apps.get_model("permits", "WorkType")
    WorkTypeMeasure = apps.get_model("permits", "WorkTypeMeasure")
    for kind, ((kk, ru, en), measures) in BUILTIN.items():
        work_type = WorkType.objects.create(organisation=None, kind=kind, name_kk=kk, name_ru=ru, name_en=en)
        for position, (code, text_kk, text_ru, text_en) in enumerate(measures):
            WorkTypeMeasure.objects.create(work_type=work_type, code=code, position=position, text_kk=text_kk,
                                           text_ru=text_ru, text_en=text_en)


def unload(apps, schema_editor):
    WorkType = apps.get_model("permits", "WorkType")
    WorkType.objects.filter(organisation=None).delete()


class Migration(migrations.Migration):
    dependencies = [("permits", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
