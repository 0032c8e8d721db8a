"""The demo facilities' units and areas (`core.Location`), kept apart from `data` to keep each module short."""

# 344 cl.7: the site of a permit is found through facility → unit → area. The ELOU-AVT-6 facility is two blocks, the
# desalting (ЭЛОУ) and the atmospheric-vacuum (АВТ) one; each area is where one piece of the demo's work is done.
# (facility registration number, unit code, kk, ru, en, ((area code, kk, ru, en), ...))
LOCATIONS = (
    ("ОПО-14-0231", "ЭЛОУ", "ЭЛОУ блогы (мұнайды электрлік тұзсыздандыру)", "Блок ЭЛОУ (электрообессоливание нефти)",
     "ELOU block (electric desalting)",
     (("ЭЛОУ-Н", "Шикізат сорғы бекеті", "Сырьевая насосная", "Feed pump house"),
      ("ЭЛОУ-ЭГ", "Электрдегидраторлар алаңы", "Площадка электродегидраторов", "Electric dehydrator yard"),
      ("ЭЛОУ-Э", "ЭЛОУ блогының құбыр эстакадасы", "Трубопроводная эстакада блока ЭЛОУ",
       "ELOU block pipe rack"))),
    ("ОПО-14-0231", "АВТ", "АВТ блогы (атмосфералық-вакуумдық айдау)", "Блок АВТ (атмосферно-вакуумная перегонка)",
     "AVT block (atmospheric and vacuum distillation)",
     (("АВТ-К1", "К-1 колоннасы және оның алаңдары", "Колонна К-1 и её площадки", "Column K-1 and its platforms"),
      ("АВТ-К2", "К-2 колоннасы және оның алаңдары", "Колонна К-2 и её площадки", "Column K-2 and its platforms"))),
    ("ОПО-14-0232", "БИТ", "Битум тотықтыру блогы", "Блок окисления битума", "Bitumen oxidation block",
     (("БИТ-Н", "Битум сорғы бекеті", "Битумная насосная", "Bitumen pump house"),)),
)
