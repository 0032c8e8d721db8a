"""The demo enterprise's data: names, positions, divisions, facilities, devices, buildings and legal acts.

Kept apart from the loader in `__init__.py`, which reads as the procedure it is. Companies, people and numbers are
invented; the normative legal acts are real Kazakh acts, summarised in a sentence.
"""

import datetime
from dataclasses import dataclass

from qauipsiz.accounts.choices import Role

from ..choices import CompetenceRole, DeviceType, DivisionKind, ElectricalGroup, HazardClass, StructureKind
from ..identifiers import make_bin

DEMO_PASSWORD = "demo"  # noqa: S105 - printed on the screen on purpose: it is the demo's shared password
DEMO_EMAIL_DOMAIN = "demo.qauipsiz.kz"
REFINERY_BIN = make_bin(2003, 9, serial=11270)
HOLDING_BIN = make_bin(2001, 2, serial=3350)
CONTRACTOR_BINS = (make_bin(2011, 5, serial=40817), make_bin(2014, 10, serial=7731))
SEED = 2026

VE, PU, BO, PI, LI, EL = (DeviceType.PRESSURE_VESSEL, DeviceType.PUMP_COMPRESSOR, DeviceType.BOILER,
                          DeviceType.PIPELINE, DeviceType.LIFTING, DeviceType.ELEVATOR)
FU, TA, GA, ELC, OT = (DeviceType.FURNACE, DeviceType.TANK, DeviceType.GAS_EQUIPMENT, DeviceType.ELECTRICAL,
                       DeviceType.OTHER)
SITE, WORKSHOP, DIVISION = DivisionKind.SITE, DivisionKind.WORKSHOP, DivisionKind.DIVISION
BUILDING, STRUCTURE = StructureKind.BUILDING, StructureKind.STRUCTURE


# ---------------------------------------------------------------------------------------------------------------------
# Names. Kazakh patronymics are formed with -ұлы / -қызы, Russian ones with -вич / -вна; surnames in -ов/-ев/-ин take -а
# for women, the others do not change.

KK_MALE = ("Ерлан", "Асқар", "Нұрлан", "Бауыржан", "Дәурен", "Ержан", "Қайрат", "Мұрат", "Серік", "Талғат", "Ғалым",
           "Жандос", "Әділет", "Арман", "Дархан", "Ербол", "Бекзат", "Қуаныш", "Санжар", "Темірлан", "Әлібек",
           "Мейрамбек", "Азамат", "Ақжол", "Бақытжан", "Берік", "Нұржан", "Ғабит", "Өмірзақ", "Жасұлан")
KK_FEMALE = ("Айгүл", "Гүлнар", "Әйгерім", "Динара", "Жанар", "Мөлдір", "Сәуле", "Ақмарал", "Гүлмира", "Назерке",
             "Айжан", "Меруерт", "Ботагөз", "Ләззат", "Салтанат", "Жұлдыз", "Арайлым", "Гүлжан", "Аяжан", "Маржан")
KK_FATHERS = ("Бауыржан", "Серік", "Қайрат", "Ерлан", "Мұхтар", "Нұрлан", "Болат", "Жақсылық", "Төлеген", "Сағынтай",
              "Әбдірахман", "Мақсат", "Асқар", "Ғабит", "Құрманғали", "Жұмабек", "Оралхан", "Талғат", "Бақыт", "Ермек",
              "Сәкен", "Амангелді")
KK_SURNAMES = ("Жақыпов", "Сәрсенбаев", "Нұрпейісов", "Қасымов", "Әбенов", "Бекмұхамбетов", "Тілеубердин", "Ысқақов",
               "Омаров", "Құдайбергенов", "Байжанов", "Оспанов", "Мұқанов", "Әлімжанов", "Есенов", "Ахметов",
               "Смағұлов", "Жұмабаев", "Төлеубаев", "Рахымжанов", "Шәкенов", "Қожахметов", "Ермеков", "Дүйсенов",
               "Сұлтанбеков", "Кенжебаев", "Тұрсынов", "Ибраев", "Мамыров", "Ғалымжанов", "Сейітов", "Нұрғалиев",
               "Бексұлтанов", "Мырзахметов")
KK_SURNAMES_UNCHANGED = ("Сейтқали", "Нұрғали", "Жанұзақ", "Тоқтарбай", "Әбдікәрім", "Қуанышбай", "Серікбай")
RU_MALE = ("Алексей", "Сергей", "Андрей", "Дмитрий", "Владимир", "Николай", "Игорь", "Евгений", "Виктор", "Олег",
           "Павел", "Юрий", "Александр", "Михаил", "Константин", "Денис", "Артём", "Вячеслав", "Геннадий", "Роман",
           "Максим", "Иван")
RU_FEMALE = ("Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Светлана", "Марина", "Анна", "Людмила", "Юлия",
             "Оксана", "Галина", "Екатерина", "Вера", "Надежда")
RU_PATRONYMICS = (("Викторович", "Викторовна"), ("Александрович", "Александровна"), ("Николаевич", "Николаевна"),
                  ("Сергеевич", "Сергеевна"), ("Владимирович", "Владимировна"), ("Иванович", "Ивановна"),
                  ("Петрович", "Петровна"), ("Михайлович", "Михайловна"), ("Юрьевич", "Юрьевна"),
                  ("Анатольевич", "Анатольевна"), ("Геннадьевич", "Геннадьевна"), ("Васильевич", "Васильевна"),
                  ("Григорьевич", "Григорьевна"), ("Борисович", "Борисовна"), ("Олегович", "Олеговна"),
                  ("Валерьевич", "Валерьевна"))
RU_SURNAMES = ("Петров", "Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков",
               "Морозов", "Волков", "Соловьёв", "Васильев", "Зайцев", "Павлов", "Семёнов", "Голубев", "Виноградов",
               "Богданов", "Воробьёв", "Фёдоров", "Михайлов", "Беляев", "Тарасов", "Белов", "Комаров", "Орлов",
               "Киселёв", "Макаров", "Андреев", "Никитин", "Захаров", "Сорокин", "Ильин")
RU_SURNAMES_UNCHANGED = ("Ковальчук", "Шевченко", "Бондаренко", "Шмидт", "Вагнер", "Гербер")
TT_MALE = ("Ринат", "Рустам", "Ильдар", "Марат", "Айрат")
TT_FEMALE = ("Гульнара", "Альфия", "Лилия", "Эльвира")
TT_PATRONYMICS = (("Рашидович", "Рашидовна"), ("Маратович", "Маратовна"), ("Ринатович", "Ринатовна"),
                  ("Фаридович", "Фаридовна"))
TT_SURNAMES = ("Хабибуллин", "Галиев", "Сафин", "Зарипов", "Гарипов")

# ---------------------------------------------------------------------------------------------------------------------
# Positions: Russian, Kazakh (empty: only ever written in Russian), trainings, share of women, senior (born before 1985).

MANAGER = ("industrial_safety", "first_aid")
MANAGER_GAS = ("industrial_safety", "gas_hazardous", "first_aid")
OPERATOR = ("industrial_safety", "gas_hazardous", "first_aid")
FITTER = ("industrial_safety", "work_at_height", "confined_spaces", "gas_hazardous")
FITTER_LEAD = ("industrial_safety", "work_at_height", "gas_hazardous", "first_aid")
ELECTRIC = ("industrial_safety", "electrical_safety", "work_at_height", "first_aid")
RESCUER = ("industrial_safety", "gas_hazardous", "confined_spaces", "first_aid")
LIFTING = ("industrial_safety", "work_at_height", "first_aid")
LAB = ("industrial_safety", "first_aid")
OFFICE = ("electrical_safety", "first_aid")


@dataclass(frozen=True)
class _Position:
    ru: str
    kk: str
    trainings: tuple[str, ...]
    women: float = 0.1
    senior: bool = False


POSITIONS = {
    "director": _Position("Генеральный директор", "Бас директор", MANAGER, 0.1, True),
    # 315 cl.4.4, cl.17: the first head of the refinery, above its general director.
    "president": _Position("Президент", "Президент", MANAGER, 0.1, True),
    "chief_engineer": _Position("Главный инженер", "Бас инженер", MANAGER_GAS, 0.1, True),
    "deputy_production": _Position("Заместитель генерального директора по производству",
                                   "Бас директордың өндіріс жөніндегі орынбасары", MANAGER_GAS, 0.1, True),
    "chief_mechanic": _Position("Главный механик", "Бас механик", FITTER_LEAD, 0.05, True),
    "chief_power": _Position("Главный энергетик", "Бас энергетик", ELECTRIC, 0.05, True),
    "auditor": _Position("Ведущий специалист службы внутреннего аудита", "Ішкі аудит қызметінің жетекші маманы",
                         ("first_aid",), 0.6),
    "hse_head": _Position("Начальник отдела промышленной безопасности и охраны труда",
                          "Өнеркәсіптік қауіпсіздік және еңбекті қорғау бөлімінің бастығы", MANAGER_GAS, 0.2, True),
    "pc_service_head": _Position("Начальник службы производственного контроля",
                                 "Өндірістік бақылау қызметінің бастығы", MANAGER_GAS, 0.3, True),
    "hse_engineer": _Position("Инженер по промышленной безопасности", "Өнеркәсіптік қауіпсіздік жөніндегі инженер",
                              MANAGER_GAS, 0.4),
    "labour_engineer": _Position("Инженер по охране труда", "Еңбекті қорғау жөніндегі инженер", MANAGER, 0.5),
    "it_head": _Position("Начальник отдела информационных технологий", "Ақпараттық технологиялар бөлімінің бастығы",
                         OFFICE, 0.2, True),
    "sysadmin": _Position("Системный администратор", "Жүйелік әкімші", OFFICE, 0.2),
    "it_engineer": _Position("Инженер-программист", "Бағдарламашы инженер", OFFICE, 0.4),
    "shop_head": _Position("Начальник цеха", "Цех бастығы", MANAGER_GAS, 0.1, True),
    "deputy_shop_head": _Position("Заместитель начальника цеха", "Цех бастығының орынбасары", MANAGER_GAS, 0.15, True),
    "process_engineer": _Position("Инженер-технолог", "Технолог инженер", MANAGER_GAS, 0.5),
    "mechanic": _Position("Механик цеха", "Цех механигі", FITTER_LEAD, 0.05, True),
    "power_engineer": _Position("Энергетик цеха", "Цех энергетигі", ELECTRIC, 0.05, True),
    "unit_head": _Position("Начальник установки", "Қондырғы бастығы", OPERATOR, 0.1, True),
    "section_head": _Position("Начальник участка", "Учаске бастығы", MANAGER_GAS, 0.1, True),
    "foreman": _Position("Мастер", "Шебер", FITTER_LEAD, 0.05, True),
    "senior_operator": _Position("Старший оператор технологических установок",
                                 "Технологиялық қондырғылардың аға операторы", OPERATOR, 0.15),
    "operator": _Position("Оператор технологических установок 5 разряда",
                          "Технологиялық қондырғылардың 5-разрядты операторы", OPERATOR, 0.2),
    "pump_operator": _Position("Машинист технологических насосов", "Технологиялық сорғылардың машинисі", OPERATOR),
    "compressor_operator": _Position("Машинист компрессорных установок", "Компрессорлық қондырғылардың машинисі",
                                     OPERATOR, 0.05),
    "commodity_operator": _Position("Товарный оператор", "Тауар операторы", OPERATOR, 0.5),
    "loader": _Position("Сливщик-разливщик", "Құюшы-ағызушы", OPERATOR),
    "repair_fitter": _Position("Слесарь-ремонтник 5 разряда", "5-разрядты жөндеуші слесарь", FITTER, 0.02),
    "welder": _Position("Электрогазосварщик 6 разряда", "6-разрядты электргаздәнекерлеуші", FITTER, 0.02),
    "machinist": _Position("Токарь 5 разряда", "5-разрядты токарь", ("industrial_safety", "first_aid"), 0.05),
    "electrician": _Position("Электромонтёр по ремонту и обслуживанию электрооборудования",
                             "Электр жабдықтарын жөндеу және оларға қызмет көрсету жөніндегі электромонтер",
                             ELECTRIC, 0.03),
    "kip_fitter": _Position("Слесарь по контрольно-измерительным приборам и автоматике",
                            "Бақылау-өлшеу аспаптары және автоматика жөніндегі слесарь", ELECTRIC, 0.2),
    "boiler_operator": _Position("Машинист котлов", "Қазандықтар машинисі", OPERATOR, 0.2),
    "gas_fitter": _Position("Слесарь по эксплуатации и ремонту газового оборудования",
                            "Газ жабдығын пайдалану және жөндеу жөніндегі слесарь",
                            ("industrial_safety", "gas_hazardous", "confined_spaces"), 0.02),
    "crane_operator": _Position("Машинист мостового крана", "Көпірлі кран машинисі", LIFTING, 0.5),
    "slinger": _Position("Стропальщик", "Стропальщик", LIFTING, 0.05),
    "lab_head": _Position("Начальник центральной заводской лаборатории", "Орталық зауыттық зертхананың бастығы",
                          LAB, 0.6, True),
    "group_head": _Position("Руководитель группы", "Топ жетекшісі", LAB, 0.6, True),
    "chemist_engineer": _Position("Инженер-химик", "Химик инженер", LAB, 0.7),
    "lab_assistant": _Position("Лаборант химического анализа", "Химиялық талдау зертханашысы", LAB, 0.85),
    "rescue_commander": _Position("Командир военизированного газоспасательного отряда",
                                  "Әскерилендірілген газқұтқару отрядының командирі", RESCUER, 0.0, True),
    "squad_commander": _Position("Командир отделения", "Бөлімше командирі", RESCUER, 0.0, True),
    "rescuer": _Position("Газоспасатель", "Газқұтқарушы", RESCUER, 0.0),
    # Contractors write their staff lists in Russian.
    "c_manager": _Position("Начальник участка подрядной организации", "", FITTER_LEAD, 0.1, True),
    "c_foreman": _Position("Производитель работ (прораб)", "", FITTER_LEAD, 0.05, True),
    "scaffolder": _Position("Монтажник строительных лесов и подмостей", "", FITTER, 0.0),
    "insulator": _Position("Изолировщик на термоизоляции", "", FITTER, 0.1),
    "c_welder": _Position("Электрогазосварщик 5 разряда", "", FITTER, 0.0),
    "c_electrician": _Position("Электромонтажник", "", ELECTRIC, 0.0),
    # The holding company.
    "board_chair": _Position("Председатель правления", "Басқарма төрағасы", MANAGER, 0.1, True),
    "hse_director": _Position("Директор департамента промышленной безопасности",
                              "Өнеркәсіптік қауіпсіздік департаментінің директоры", MANAGER_GAS, 0.2, True),
    "depot_head": _Position("Начальник нефтебазы", "Мұнай базасының бастығы", MANAGER_GAS, 0.1, True),
}

FIXED_ELECTRICAL_GROUPS = {"chief_power": ElectricalGroup.V, "power_engineer": ElectricalGroup.V,
                           "kip_fitter": ElectricalGroup.III, "c_electrician": ElectricalGroup.III}

# ---------------------------------------------------------------------------------------------------------------------
# Divisions. `staff` lists (position, how many); the first person listed heads the division.


@dataclass(frozen=True)
class _Div:
    code: str
    kind: str
    kk: str
    ru: str
    en: str
    staff: tuple[tuple[str, int], ...]
    children: tuple["_Div", ...] = ()


REFINERY_DIVISIONS = (
    _Div("ДИР", DIVISION, "Басшылық", "Дирекция", "Management",
         (("president", 1), ("director", 1), ("chief_engineer", 1), ("deputy_production", 1), ("chief_mechanic", 1),
          ("chief_power", 1),
          ("auditor", 1))),
    _Div("ОПБ", DIVISION, "Өнеркәсіптік қауіпсіздік және еңбекті қорғау бөлімі",
         "Отдел промышленной безопасности и охраны труда", "Industrial safety and labour protection department",
         (("hse_head", 1), ("pc_service_head", 1), ("hse_engineer", 2), ("labour_engineer", 1))),
    _Div("ОИТ", DIVISION, "Ақпараттық технологиялар бөлімі", "Отдел информационных технологий", "IT department",
         (("it_head", 1), ("sysadmin", 1), ("it_engineer", 1))),
    _Div("Ц-1", DIVISION, "Мұнайды бастапқы өңдеу цехы", "Цех первичной переработки нефти",
         "Primary oil processing shop",
         (("shop_head", 1), ("deputy_shop_head", 1), ("process_engineer", 1), ("mechanic", 1), ("power_engineer", 1)),
         (_Div("У-1.1", SITE, "ЭЛОУ-АВТ-6 қондырғысы", "Установка ЭЛОУ-АВТ-6", "ELOU-AVT-6 unit",
               (("unit_head", 1), ("senior_operator", 2), ("operator", 6), ("pump_operator", 3))),
          _Div("У-1.2", SITE, "Битум өндіру қондырғысы", "Установка производства битума", "Bitumen production unit",
               (("unit_head", 1), ("senior_operator", 1), ("operator", 3), ("pump_operator", 1))),
          _Div("Р-1", WORKSHOP, "Цехтың жөндеу учаскесі", "Ремонтный участок цеха", "Shop repair section",
               (("foreman", 1), ("repair_fitter", 4), ("welder", 1))))),
    _Div("Ц-2", DIVISION, "Каталитикалық риформинг цехы", "Цех каталитического риформинга",
         "Catalytic reforming shop",
         (("shop_head", 1), ("deputy_shop_head", 1), ("process_engineer", 1), ("mechanic", 1)),
         (_Div("У-2.1", SITE, "ЛГ-35-11/300 каталитикалық риформинг қондырғысы",
               "Установка каталитического риформинга ЛГ-35-11/300", "LG-35-11/300 catalytic reforming unit",
               (("unit_head", 1), ("senior_operator", 1), ("operator", 3), ("compressor_operator", 1))),
          _Div("У-2.2", SITE, "Л-24-6 дизель отынын гидротазалау қондырғысы",
               "Установка гидроочистки дизельного топлива Л-24-6", "L-24-6 diesel hydrotreating unit",
               (("unit_head", 1), ("senior_operator", 1), ("operator", 3), ("compressor_operator", 1))),
          _Div("У-2.3", SITE, "Газ фракциялау қондырғысы", "Газофракционирующая установка", "Gas fractionation unit",
               (("unit_head", 1), ("senior_operator", 1), ("operator", 2), ("pump_operator", 1))))),
    _Div("Ц-3", DIVISION, "Каталитикалық крекинг цехы", "Цех каталитического крекинга", "Catalytic cracking shop",
         (("shop_head", 1), ("deputy_shop_head", 1), ("process_engineer", 1), ("mechanic", 1)),
         (_Div("У-3.1", SITE, "Г-43-107 каталитикалық крекинг қондырғысы",
               "Установка каталитического крекинга Г-43-107", "G-43-107 catalytic cracking unit",
               (("unit_head", 1), ("senior_operator", 2), ("operator", 3), ("compressor_operator", 1))),
          _Div("У-3.2", SITE, "Күкірт өндіру қондырғысы", "Установка производства серы", "Sulphur recovery unit",
               (("unit_head", 1), ("senior_operator", 1), ("operator", 2))))),
    _Div("Ц-4", DIVISION, "Тауар-шикізат цехы", "Товарно-сырьевой цех", "Tank farm and product shipping shop",
         (("shop_head", 1), ("deputy_shop_head", 1), ("process_engineer", 1)),
         (_Div("У-4.1", SITE, "Шикі мұнай резервуар паркі", "Резервуарный парк сырой нефти", "Crude oil tank farm",
               (("section_head", 1), ("commodity_operator", 3), ("pump_operator", 1))),
          _Div("У-4.2", SITE, "Ашық түсті мұнай өнімдерінің резервуар паркі",
               "Резервуарный парк светлых нефтепродуктов", "Light products tank farm",
               (("section_head", 1), ("commodity_operator", 3))),
          _Div("У-4.3", SITE, "Теміржол құю-ағызу эстакадасы", "Железнодорожная сливо-наливная эстакада",
               "Rail loading and unloading rack", (("foreman", 1), ("loader", 4))),
          _Div("У-4.4", SITE, "Автоцистерналарға құю станциясы", "Станция налива в автоцистерны",
               "Road tanker loading station", (("foreman", 1), ("loader", 2))))),
    _Div("Ц-5", DIVISION, "Электрмен жабдықтау цехы", "Цех электроснабжения", "Power supply and electrical shop",
         (("shop_head", 1), ("power_engineer", 1)),
         (_Div("ГПП-1", SITE, "ГПП-1 110/6 кВ бас төмендеткіш қосалқы станциясы",
               "Главная понизительная подстанция ГПП-1 110/6 кВ", "GPP-1 110/6 kV main step-down substation",
               (("section_head", 1), ("electrician", 3))),
          _Div("МРЭ", WORKSHOP, "Электр жабдықтарын жөндеу шеберханасы", "Мастерская по ремонту электрооборудования",
               "Electrical repair workshop", (("foreman", 1), ("electrician", 3))),
          _Div("КИП", SITE, "Бақылау-өлшеу аспаптары және автоматика учаскесі", "Участок КИПиА",
               "Instrumentation and control section", (("section_head", 1), ("kip_fitter", 3))))),
    _Div("Ц-6", DIVISION, "Бу және сумен жабдықтау цехы", "Цех паро- и водоснабжения", "Steam and water supply shop",
         (("shop_head", 1), ("mechanic", 1)),
         (_Div("У-6.1", SITE, "Бу қазандығы", "Паровая котельная", "Steam boiler house",
               (("section_head", 1), ("boiler_operator", 4))),
          _Div("У-6.2", SITE, "Газ реттеу пункті", "Газорегуляторный пункт", "Gas pressure regulating station",
               (("foreman", 1), ("gas_fitter", 1))),
          _Div("У-6.3", SITE, "Айналмалы сумен жабдықтау блогы", "Блок оборотного водоснабжения", "Cooling water unit",
               (("foreman", 1), ("pump_operator", 2))))),
    _Div("РМЦ", DIVISION, "Жөндеу-механикалық цехы", "Ремонтно-механический цех", "Repair and mechanical shop",
         (("shop_head", 1), ("mechanic", 1)),
         (_Div("РМЦ-1", WORKSHOP, "Механикалық өңдеу шеберханасы", "Механическая мастерская", "Machine shop",
               (("foreman", 1), ("machinist", 3))),
          _Div("РМЦ-2", WORKSHOP, "Дәнекерлеу учаскесі", "Сварочный участок", "Welding section",
               (("foreman", 1), ("welder", 3))),
          _Div("РМЦ-3", SITE, "Жүк көтергіш механизмдер учаскесі", "Участок грузоподъёмных механизмов",
               "Lifting equipment section", (("section_head", 1), ("crane_operator", 2), ("slinger", 2))))),
    _Div("ЦЗЛ", DIVISION, "Орталық зауыттық зертхана", "Центральная заводская лаборатория", "Central plant laboratory",
         (("lab_head", 1), ("chemist_engineer", 1)),
         (_Div("ЦЗЛ-1", WORKSHOP, "Жедел талдау зертханасы", "Лаборатория экспресс-анализа",
               "Rapid analysis laboratory", (("group_head", 1), ("lab_assistant", 4))),
          _Div("ЦЗЛ-2", WORKSHOP, "Мұнай өнімдерін сынау тобы", "Группа испытаний нефтепродуктов",
               "Product testing group", (("group_head", 1), ("lab_assistant", 3))))),
    _Div("ГСО", DIVISION, "Әскерилендірілген газқұтқару отряды", "Военизированный газоспасательный отряд",
         "Paramilitary gas rescue unit", (("rescue_commander", 1),),
         (_Div("ГСО-1", SITE, "№ 1 газқұтқару бөлімшесі", "Отделение газоспасателей № 1", "Gas rescue squad No. 1",
               (("squad_commander", 1), ("rescuer", 3))),
          _Div("ГСО-2", SITE, "№ 2 газқұтқару бөлімшесі", "Отделение газоспасателей № 2", "Gas rescue squad No. 2",
               (("squad_commander", 1), ("rescuer", 3))))),
)
PRODUCTION_SHOPS = ("Ц-1", "Ц-2", "Ц-3", "Ц-4", "Ц-5", "Ц-6", "РМЦ")

HOLDING_DIVISIONS = (
    _Div("АП", DIVISION, "Басқарма аппараты", "Аппарат правления", "Management board office",
         (("board_chair", 1), ("hse_director", 1), ("hse_engineer", 2))),
    _Div("ПНБ", DIVISION, "Павлодар мұнай базасы", "Павлодарская нефтебаза", "Pavlodar oil depot",
         (("depot_head", 1),),
         (_Div("ПНБ-1", SITE, "Мұнай базасының резервуар паркі", "Резервуарный парк нефтебазы", "Depot tank farm",
               (("section_head", 1), ("commodity_operator", 2), ("repair_fitter", 1))),)),
)


@dataclass(frozen=True)
class _Contractor:
    tag: str
    kk: str
    ru: str
    en: str
    bin: str
    contract: str
    # (position, how many, division code where they currently work)
    staff: tuple[tuple[str, int, str | None], ...]


CONTRACTORS = (
    _Contractor("scaffolding", "«Баянтау Индастриал Сервис» ЖШС", "ТОО «Баянтау Индастриал Сервис»",
                "Bayantau Industrial Service LLP", CONTRACTOR_BINS[0], "№ 214-Д",
                (("c_manager", 1, None), ("c_foreman", 1, "Ц-1"), ("scaffolder", 4, "Ц-1"), ("scaffolder", 2, "Ц-2"),
                 ("insulator", 2, "Ц-2"), ("c_welder", 2, "Ц-1"))),
    _Contractor("electrical", "«Кереку Электромонтаж» ЖШС", "ТОО «Кереку Электромонтаж»", "Kereku Elektromontazh LLP",
                CONTRACTOR_BINS[1], "№ 187-Д",
                (("c_foreman", 1, "Ц-5"), ("c_electrician", 4, "Ц-5"))),
)

# ---------------------------------------------------------------------------------------------------------------------
# Demo logins: one per access role (three crew members), each tied to a named person in a particular slot of the staff
# lists.


@dataclass(frozen=True)
class _Login:
    username: str
    role: str
    language: str
    person: tuple[str, str, str, bool, datetime.date]  # last, first, patronymic, female, birth date
    slot: tuple[str, str]  # (division code or contractor tag, position)
    grant_division: str | None = None
    holding: bool = False
    # 315 cl.3: the access of a production-control function comes with the head's order; the control demo appoints
    # these logins by order (`control.services.people.appoint`), which gives the grant tied to the appointment.
    by_appointment: bool = False


LOGINS = (
    _Login("head", Role.HEAD, "kk", ("Сейтқали", "Ерлан", "Бауыржанұлы", False, datetime.date(1968, 3, 14)),
           ("ДИР", "director")),
    _Login("first_head", Role.FIRST_HEAD, "kk", ("Нұрпейісов", "Қанат", "Әбілұлы", False, datetime.date(1965, 5, 3)),
           ("ДИР", "president")),
    _Login("pc_service_head", Role.PC_SERVICE_HEAD, "ru", ("Ким", "Виктор", "Николаевич", False,
                                                           datetime.date(1973, 2, 16)), ("ОПБ", "pc_service_head"),
           by_appointment=True),
    _Login("pc_responsible", Role.PC_RESPONSIBLE, "kk", ("Әбенов", "Мұрат", "Серікұлы", False,
                                                         datetime.date(1971, 9, 28)), ("ДИР", "chief_engineer"),
           by_appointment=True),
    # An official whose appointment ended (relieved by a later order): the login is there, its access is gone. Listed
    # before `pc_official`, the login that stands for the official's role.
    _Login("pc_former", Role.PC_OFFICIAL, "ru", ("Белова", "Ирина", "Андреевна", True, datetime.date(1982, 6, 12)),
           ("ОПБ", "labour_engineer"), by_appointment=True),
    _Login("pc_official", Role.PC_OFFICIAL, "ru", ("Петров", "Алексей", "Викторович", False,
                                                   datetime.date(1975, 9, 2)), ("ОПБ", "hse_head")),
    _Login("division_head", Role.DIVISION_HEAD, "kk", ("Жақыпова", "Айгүл", "Серікқызы", True,
                                                       datetime.date(1979, 11, 23)), ("Ц-1", "shop_head"), "Ц-1"),
    _Login("issuer", Role.PERMIT_ISSUER, "ru", ("Ковальчук", "Дмитрий", "Сергеевич", False, datetime.date(1981, 5, 7)),
           ("Ц-1", "deputy_shop_head"), "Ц-1"),
    _Login("admitting", Role.ADMITTING_PERSON, "kk", ("Оспанов", "Нұрлан", "Қайратұлы", False,
                                                      datetime.date(1984, 1, 30)), ("У-1.1", "unit_head"), "У-1.1"),
    _Login("manager", Role.RESPONSIBLE_MANAGER, "ru", ("Соколов", "Андрей", "Владимирович", False,
                                                       datetime.date(1977, 8, 19)), ("Ц-1", "mechanic"), "Ц-1"),
    _Login("performer", Role.WORK_PERFORMER, "kk", ("Тұрсынов", "Дархан", "Ермекұлы", False,
                                                    datetime.date(1986, 4, 11)), ("Р-1", "foreman"), "Ц-1"),
    _Login("crew", Role.CREW_MEMBER, "ru", ("Зайцев", "Игорь", "Олегович", False, datetime.date(1993, 12, 5)),
           ("Р-1", "repair_fitter"), "Ц-1"),
    # Two more of the same repair section, so that a crew of three can sign its briefings on the demo permits.
    _Login("crew2", Role.CREW_MEMBER, "kk", ("Мұқанов", "Бекзат", "Асқарұлы", False, datetime.date(1990, 4, 18)),
           ("Р-1", "welder"), "Ц-1"),
    _Login("crew3", Role.CREW_MEMBER, "ru", ("Никитин", "Павел", "Юрьевич", False, datetime.date(1996, 8, 3)),
           ("Р-1", "repair_fitter"), "Ц-1"),
    _Login("contractor", Role.CONTRACTOR_REP, "kk", ("Ибраев", "Асқар", "Талғатұлы", False, datetime.date(1980, 6, 16)),
           ("scaffolding", "c_manager")),
    # The scaffolding contractor's foreman and scaffolders sign on its own permit and on the customer's (344 cl.18).
    _Login("contractor_performer", Role.WORK_PERFORMER, "kk", ("Сәрсенбаев", "Ержан", "Мұратұлы", False,
                                                               datetime.date(1985, 2, 9)), ("scaffolding", "c_foreman"),
           "Ц-1"),
    _Login("contractor_crew", Role.CREW_MEMBER, "kk", ("Жұмабеков", "Нұрсұлтан", "Ерболұлы", False,
                                                       datetime.date(1994, 7, 22)), ("scaffolding", "scaffolder"), "Ц-1"),
    _Login("contractor_crew2", Role.CREW_MEMBER, "ru", ("Ковалёв", "Максим", "Игоревич", False,
                                                        datetime.date(1992, 3, 30)), ("scaffolding", "scaffolder"),
           "Ц-1"),
    # A welder of the contractor leads its crew on the customer's permit where the site is not handed over (cl.18).
    _Login("contractor_welder", Role.WORK_PERFORMER, "kk", ("Бекмұханов", "Арман", "Серікұлы", False,
                                                            datetime.date(1988, 10, 14)), ("scaffolding", "c_welder"),
           "Ц-1"),
    _Login("auditor", Role.AUDITOR, "ru", ("Виноградова", "Елена", "Юрьевна", True, datetime.date(1983, 2, 27)),
           ("ДИР", "auditor")),
    _Login("sysadmin", Role.SYSADMIN, "kk", ("Әлімжанов", "Темірлан", "Ғабитұлы", False, datetime.date(1991, 10, 9)),
           ("ОИТ", "sysadmin")),
    _Login("outsider", Role.HEAD, "ru", ("Хабибуллин", "Рустам", "Маратович", False, datetime.date(1970, 7, 21)),
           ("АП", "board_chair"), holding=True),
)
ADMIN_USERNAME = "admin"

REQUIREMENTS = {
    CompetenceRole.PC_OFFICIAL: ("industrial_safety",),
    CompetenceRole.PC_SERVICE_HEAD: ("industrial_safety",),
    CompetenceRole.PC_RESPONSIBLE: ("industrial_safety",),
    CompetenceRole.PERMIT_ISSUER: ("industrial_safety",),
    CompetenceRole.ADMITTING_PERSON: ("industrial_safety", "gas_hazardous"),
    CompetenceRole.RESPONSIBLE_MANAGER: ("industrial_safety",),
    CompetenceRole.WORK_PERFORMER: ("industrial_safety", "work_at_height"),
    CompetenceRole.CREW_MEMBER: ("industrial_safety",),
}

# ---------------------------------------------------------------------------------------------------------------------
# Hazardous production facilities, their buildings and technical devices.


@dataclass(frozen=True)
class _Facility:
    registration_number: str
    division: str
    hazard_class: str
    kind: str
    kk: str
    ru: str
    en: str
    units: int
    language: str  # the language the facility's description (315 cl.6.3) is kept in
    offset: tuple[float, float]  # from the plant's centre, degrees
    location: str = ""  # when the facility is not inside the plant's fence


REFINERY_FACILITIES = (
    _Facility("ОПО-14-0231", "У-1.1", HazardClass.I, "avt", "ЭЛОУ-АВТ-6 мұнайды бастапқы өңдеу қондырғысы",
              "Установка первичной переработки нефти ЭЛОУ-АВТ-6", "ELOU-AVT-6 crude distillation unit", 4, "ru",
              (0.0021, -0.0034)),
    _Facility("ОПО-14-0232", "У-1.2", HazardClass.II, "bitumen", "Битум өндіру қондырғысы",
              "Установка производства битума", "Bitumen production unit", 2, "kk", (0.0012, -0.0071)),
    _Facility("ОПО-14-0233", "У-2.1", HazardClass.I, "reforming", "ЛГ-35-11/300 каталитикалық риформинг қондырғысы",
              "Установка каталитического риформинга ЛГ-35-11/300", "LG-35-11/300 catalytic reforming unit", 3, "ru",
              (0.0036, 0.0012)),
    _Facility("ОПО-14-0234", "У-2.2", HazardClass.I, "hydrotreating", "Л-24-6 дизель отынын гидротазалау қондырғысы",
              "Установка гидроочистки дизельного топлива Л-24-6", "L-24-6 diesel hydrotreating unit", 2, "kk",
              (0.0041, 0.0043)),
    _Facility("ОПО-14-0235", "У-2.3", HazardClass.I, "gfu", "Газ фракциялау қондырғысы", "Газофракционирующая установка",
              "Gas fractionation unit", 2, "ru", (0.0057, 0.0019)),
    _Facility("ОПО-14-0236", "У-3.1", HazardClass.I, "cracking", "Г-43-107 каталитикалық крекинг қондырғысы",
              "Установка каталитического крекинга Г-43-107", "G-43-107 catalytic cracking unit", 3, "ru",
              (-0.0008, 0.0052)),
    _Facility("ОПО-14-0237", "У-3.2", HazardClass.II, "sulphur", "Күкірт өндіру қондырғысы",
              "Установка производства серы", "Sulphur recovery unit", 1, "kk", (-0.0019, 0.0077)),
    _Facility("ОПО-14-0241", "У-4.1", HazardClass.I, "crude_tanks", "Шикі мұнай резервуар паркі",
              "Резервуарный парк сырой нефти", "Crude oil tank farm", 6, "kk", (-0.0064, -0.0102)),
    _Facility("ОПО-14-0242", "У-4.2", HazardClass.II, "light_tanks", "Ашық түсті мұнай өнімдерінің резервуар паркі",
              "Резервуарный парк светлых нефтепродуктов", "Light products tank farm", 5, "ru", (-0.0071, 0.0094)),
    _Facility("ОПО-14-0243", "У-4.3", HazardClass.II, "rail_rack", "Теміржол құю-ағызу эстакадасы",
              "Железнодорожная сливо-наливная эстакада", "Rail loading and unloading rack", 2, "ru",
              (-0.0102, 0.0031)),
    _Facility("ОПО-14-0244", "У-4.4", HazardClass.III, "auto_loading", "Автоцистерналарға құю станциясы",
              "Станция налива в автоцистерны", "Road tanker loading station", 1, "kk", (-0.0093, 0.0128)),
    _Facility("ОПО-14-0251", "У-6.1", HazardClass.II, "boiler_house", "Бу қазандығы", "Паровая котельная",
              "Steam boiler house", 3, "ru", (0.0074, -0.0088)),
    _Facility("ОПО-14-0252", "У-6.2", HazardClass.III, "grp", "Газ реттеу пункті", "Газорегуляторный пункт",
              "Gas pressure regulating station", 1, "kk", (0.0081, -0.0121)),
    _Facility("ОПО-14-0261", "РМЦ-3", HazardClass.III, "lifting", "Жүк көтергіш механизмдер учаскесі",
              "Участок грузоподъёмных механизмов", "Lifting equipment section", 5, "ru", (0.0015, -0.0139)),
)
HOLDING_FACILITIES = (
    _Facility("ОПО-14-0412", "ПНБ-1", HazardClass.II, "depot", "Павлодар мұнай базасы", "Павлодарская нефтебаза",
              "Pavlodar oil depot", 2, "ru", (-0.0532, -0.0311),
              "Павлодарская область, г. Павлодар, Восточная промышленная зона, ул. Нефтебазовая, 3"),
)
PLANT_CENTRE = (52.3476, 76.9553)
INCIDENT_FACILITY = "ОПО-14-0236"

MAKERS = {
    "vessel": ("ОАО «Волгограднефтемаш»", "ПАО «Уралхиммаш»", "АО «Петропавловский завод тяжёлого машиностроения»"),
    "furnace": ("ОАО «Волгограднефтемаш»", "ПАО «Уралхиммаш»"),
    "pump": ("АО «ГМС Ливгидромаш»", "Sulzer Pumps", "АО «Насосэнергомаш»"),
    "compressor": ("АО «Казанькомпрессормаш»", "Burckhardt Compression"),
    "pipeline": ("Трест «Павлодарнефтехиммонтаж»",),
    "tank": ("АО «Саратовский резервуарный завод»", "Трест «Павлодарнефтехиммонтаж»"),
    "boiler": ("ОАО «Бийский котельный завод»",),
    "crane": ("ОАО «Узловский машиностроительный завод»", "Konecranes"),
    "autocrane": ("АО «Галичский автокрановый завод»",),
    "elevator": ("ОАО «Могилёвлифтмаш»",),
    "gas": ("ООО «Газпроммаш»",),
    "transformer": ("АО «Кентауский трансформаторный завод»",),
    "rack": ("ТОО «Ертіс Машзавод»",),
}
# (type, Kazakh, Russian, English, maker, how many, first number)
_T = tuple[str, str, str, str, str, int, int]
_FURNACE: _T = (FU, "П-{n} құбырлы пеші", "Трубчатая печь П-{n}", "Tube furnace P-{n}", "furnace", 1, 1)
_COLUMN: _T = (VE, "К-{n} ректификациялық колоннасы", "Ректификационная колонна К-{n}", "Distillation column K-{n}",
               "vessel", 2, 1)
_FEED_PUMP: _T = (PU, "Н-{n} шикізат сорғысы", "Сырьевой насос Н-{n}", "Feed pump N-{n}", "pump", 1, 1)
_H2_COMPRESSOR: _T = (PU, "ЦК-{n} сутегі бар газ компрессоры", "Компрессор водородсодержащего газа ЦК-{n}",
                      "Hydrogen-rich gas compressor TsK-{n}", "compressor", 1, 1)
_SEPARATOR: _T = (VE, "С-{n} сепараторы", "Сепаратор С-{n}", "Separator S-{n}", "vessel", 1, 1)
_PROCESS_PIPE: _T = (PI, "Технологиялық құбыр Ду 250, № {n}", "Технологический трубопровод Ду 250 № {n}",
                     "Process pipeline DN 250 No. {n}", "pipeline", 1, 1)

DEVICE_TEMPLATES: dict[str, tuple[_T, ...]] = {
    "avt": ((FU, "П-{n} құбырлы пеші", "Трубчатая печь П-{n}", "Tube furnace P-{n}", "furnace", 2, 1),
            (VE, "К-{n} ректификациялық колоннасы", "Ректификационная колонна К-{n}", "Distillation column K-{n}",
             "vessel", 3, 1),
            (VE, "ЭГ-{n} электродегидраторы", "Электродегидратор ЭГ-{n}", "Electric dehydrator EG-{n}", "vessel", 2, 1),
            (PU, "Н-{n} шикізат сорғысы", "Сырьевой насос Н-{n}", "Feed pump N-{n}", "pump", 2, 1),
            (PI, "Шикі мұнай құбыры Ду 300, № {n}", "Трубопровод сырой нефти Ду 300 № {n}",
             "Crude oil pipeline DN 300 No. {n}", "pipeline", 1, 1),
            (ELC, "КТПН-{n} 6/0,4 кВ трансформатор қосалқы станциясы", "Трансформаторная подстанция КТПН-{n} 6/0,4 кВ",
             "Package transformer substation KTPN-{n} 6/0.4 kV", "transformer", 1, 1)),
    "bitumen": (_FURNACE,
                (VE, "К-{n} тотықтыру колоннасы", "Окислительная колонна К-{n}", "Oxidation column K-{n}", "vessel",
                 2, 1),
                _FEED_PUMP),
    "reforming": ((VE, "Р-{n} риформинг реакторы", "Реактор риформинга Р-{n}", "Reforming reactor R-{n}", "vessel",
                   3, 1),
                  _FURNACE, _H2_COMPRESSOR, _SEPARATOR),
    "hydrotreating": ((VE, "Р-{n} гидротазалау реакторы", "Реактор гидроочистки Р-{n}", "Hydrotreating reactor R-{n}",
                       "vessel", 1, 1),
                      _FURNACE, _H2_COMPRESSOR,
                      (VE, "С-{n} сепараторы", "Сепаратор С-{n}", "Separator S-{n}", "vessel", 2, 1),
                      _FEED_PUMP),
    "gfu": (_COLUMN,
            (VE, "Е-{n} сұйытылған газ сыйымдылығы", "Ёмкость сжиженного газа Е-{n}", "LPG vessel E-{n}", "vessel",
             2, 10),
            _FEED_PUMP, _PROCESS_PIPE),
    "cracking": ((VE, "Р-{n} реактор-регенераторы", "Реактор-регенератор Р-{n}", "Reactor-regenerator R-{n}",
                  "vessel", 1, 1),
                 (VE, "К-{n} ректификациялық колоннасы", "Ректификационная колонна К-{n}", "Distillation column K-{n}",
                  "vessel", 1, 1),
                 (PU, "ВД-{n} ауа үрлегіші", "Воздуходувка ВД-{n}", "Air blower VD-{n}", "compressor", 1, 1),
                 (BO, "КУ-{n} қазан-утилизаторы", "Котёл-утилизатор КУ-{n}", "Waste-heat boiler KU-{n}", "boiler",
                  1, 1),
                 _FEED_PUMP),
    "sulphur": ((FU, "П-{n} реакциялық пеші", "Реакционная печь П-{n}", "Reaction furnace P-{n}", "furnace", 1, 1),
                (VE, "Р-{n} Клаус реакторы", "Реактор Клауса Р-{n}", "Claus reactor R-{n}", "vessel", 2, 1),
                (VE, "КС-{n} күкірт конденсаторы", "Конденсатор серы КС-{n}", "Sulphur condenser KS-{n}", "vessel",
                 1, 1)),
    "crude_tanks": ((TA, "№ {n} РВС-20000 резервуары", "Резервуар РВС-20000 № {n}", "Tank RVS-20000 No. {n}", "tank",
                     4, 1),
                    (PU, "Н-{n} тауарлық сорғысы", "Товарный насос Н-{n}", "Transfer pump N-{n}", "pump", 1, 21),
                    (PI, "Шикі мұнай құбыры Ду 500, № {n}", "Трубопровод сырой нефти Ду 500 № {n}",
                     "Crude oil pipeline DN 500 No. {n}", "pipeline", 1, 2)),
    "light_tanks": ((TA, "№ {n} РВС-5000 резервуары", "Резервуар РВС-5000 № {n}", "Tank RVS-5000 No. {n}", "tank",
                     4, 11),
                    (PU, "Н-{n} тауарлық сорғысы", "Товарный насос Н-{n}", "Transfer pump N-{n}", "pump", 1, 31)),
    "rail_rack": ((OT, "№ {n} құю стояғы", "Наливной стояк № {n}", "Loading arm No. {n}", "rack", 2, 1),
                  (PU, "Н-{n} ағызу сорғысы", "Сливной насос Н-{n}", "Unloading pump N-{n}", "pump", 1, 41),
                  (PI, "Құю құбыры Ду 200, № {n}", "Трубопровод налива Ду 200 № {n}", "Loading pipeline DN 200 No. {n}",
                   "pipeline", 1, 3)),
    "auto_loading": ((OT, "АСН-{n} автоқұю қондырғысы", "Установка автоналива АСН-{n}", "Road loading unit ASN-{n}",
                      "rack", 2, 1),
                     (PU, "Н-{n} құю сорғысы", "Насос налива Н-{n}", "Loading pump N-{n}", "pump", 1, 51)),
    "boiler_house": ((BO, "№ {n} ДЕ-25-14ГМ бу қазаны", "Паровой котёл ДЕ-25-14ГМ № {n}",
                      "Steam boiler DE-25-14GM No. {n}", "boiler", 3, 1),
                     (VE, "ДА-{n} деаэраторы", "Деаэратор ДА-{n}", "Deaerator DA-{n}", "vessel", 1, 1),
                     (PI, "Бу құбыры Ду 200, № {n}", "Паропровод Ду 200 № {n}", "Steam pipeline DN 200 No. {n}",
                      "pipeline", 1, 1)),
    "grp": ((GA, "ГРПШ-{n} шкафты газ реттеу пункті", "Газорегуляторный пункт шкафной ГРПШ-{n}",
             "Cabinet gas regulator GRPSh-{n}", "gas", 2, 1),
            (PI, "Орта қысымды газ құбыры Ду 150, № {n}", "Газопровод среднего давления Ду 150 № {n}",
             "Medium-pressure gas pipeline DN 150 No. {n}", "pipeline", 1, 1)),
    "lifting": ((LI, "№ {n} көпірлі кран, жүк көтергіштігі 10 т", "Кран мостовой г/п 10 т № {n}",
                 "Overhead crane 10 t No. {n}", "crane", 2, 1),
                (LI, "№ {n} кран-арқалық, жүк көтергіштігі 5 т", "Кран-балка г/п 5 т № {n}",
                 "Overhead beam crane 5 t No. {n}", "crane", 1, 3),
                (LI, "№ {n} КС-55713 автокраны", "Автокран КС-55713 № {n}", "Truck crane KS-55713 No. {n}",
                 "autocrane", 1, 1),
                (EL, "№ {n} жүк лифті", "Грузовой лифт № {n}", "Goods lift No. {n}", "elevator", 1, 1)),
    "depot": ((TA, "№ {n} РВС-3000 резервуары", "Резервуар РВС-3000 № {n}", "Tank RVS-3000 No. {n}", "tank", 3, 1),
              (PU, "Н-{n} тауарлық сорғысы", "Товарный насос Н-{n}", "Transfer pump N-{n}", "pump", 1, 1)),
}
# Years between technical certifications, by device type.
CERTIFICATION_YEARS = {VE: 4, BO: 4, PI: 6, LI: 3, EL: 1, PU: 4, FU: 4, TA: 5, GA: 5, ELC: 3, OT: 4}
REGISTRATION_PREFIX = {VE: "С", BO: "К", PI: "Т", LI: "П", EL: "Л", PU: "Н", FU: "ПЧ", TA: "Р", GA: "Г", ELC: "Э",
                       OT: "О"}

_PROCESS_BUILDINGS = ((BUILDING, "Операторлық", "Операторная", "Control room"),
                      (BUILDING, "Сорғы станциясы", "Насосная", "Pump house"),
                      (STRUCTURE, "Технологиялық эстакада", "Технологическая эстакада", "Pipe rack"),
                      (STRUCTURE, "Түтін мұржасы", "Дымовая труба", "Flue stack"))
_TANK_BUILDINGS = ((STRUCTURE, "Резервуар паркінің үйінді қоршауы", "Обвалование резервуарного парка",
                    "Tank farm bund"),
                   (BUILDING, "Өнім сорғы станциясы", "Продуктовая насосная", "Product pump house"),
                   (STRUCTURE, "Өрт сөндіру су қоймасы", "Пожарный водоём", "Fire water reservoir"))
BUILDING_TEMPLATES = {
    "avt": _PROCESS_BUILDINGS, "reforming": _PROCESS_BUILDINGS, "hydrotreating": _PROCESS_BUILDINGS,
    "cracking": _PROCESS_BUILDINGS, "bitumen": _PROCESS_BUILDINGS[:3], "gfu": _PROCESS_BUILDINGS[:3],
    "sulphur": _PROCESS_BUILDINGS, "crude_tanks": _TANK_BUILDINGS, "light_tanks": _TANK_BUILDINGS,
    "depot": _TANK_BUILDINGS[:2],
    "rail_rack": ((STRUCTURE, "Құю-ағызу эстакадасы", "Сливо-наливная эстакада", "Loading rack structure"),
                  (BUILDING, "Операторлық", "Операторная", "Control room")),
    "auto_loading": ((STRUCTURE, "Автоқұю алаңының қалқасы", "Навес площадки автоналива", "Loading bay canopy"),
                     (BUILDING, "Операторлық", "Операторная", "Control room")),
    "boiler_house": ((BUILDING, "Қазандық ғимараты", "Здание котельной", "Boiler house building"),
                     (STRUCTURE, "Түтін мұржасы", "Дымовая труба", "Flue stack")),
    "grp": ((BUILDING, "ГРП ғимараты", "Здание ГРП", "Gas regulating station building"),),
    "lifting": ((BUILDING, "Механикалық цех корпусы", "Корпус механического цеха", "Machine shop building"),
                (STRUCTURE, "Кран асты жолдары", "Подкрановые пути", "Crane runway")),
}

NOTES = {
    "ru": {
        "buildings": "Зданий и сооружений: %(n)d; последнее техническое обследование — %(year)d г., "
                     "состояние работоспособное.",
        "buildings_overdue": " Срок очередного обследования истёк: %(n)d — включено в план текущего квартала.",
        "devices": "Технических устройств: %(n)d, в работе %(working)d. Техническое освидетельствование просрочено: "
                   "%(overdue)d; истекает в ближайшие 30 дней: %(soon)d.",
        "no_accidents": "За последние пять лет аварий, инцидентов и несчастных случаев, вызванных авариями, "
                        "не зарегистрировано.",
        "incident": "%(year)d г. — инцидент: пропуск продукта через фланцевое соединение сырьевого насоса, без "
                    "возгорания и пострадавших; проведено техническое расследование, прокладки заменены, "
                    "мероприятия выполнены.",
        "training": "Персонал объекта: %(n)d чел.; действующая проверка знаний по промышленной безопасности — "
                    "у %(trained)d, срок истёк — у %(expired)d.",
        "location": "Павлодарская область, г. Павлодар, Северная промышленная зона, %(site)s",
    },
    "kk": {
        "buildings": "Ғимараттар мен құрылысжайлар: %(n)d; соңғы техникалық тексеру — %(year)d ж., жай-күйі жұмысқа "
                     "қабілетті.",
        "buildings_overdue": " Кезекті тексеру мерзімі өткені: %(n)d — ағымдағы тоқсан жоспарына енгізілді.",
        "devices": "Техникалық құрылғылар: %(n)d, жұмыста %(working)d. Техникалық куәландыру мерзімі өткені: "
                   "%(overdue)d; алдағы 30 күнде мерзімі келетіні: %(soon)d.",
        "no_accidents": "Соңғы бес жылда авариялар, инциденттер және авариялардан болған жазатайым оқиғалар "
                        "тіркелген жоқ.",
        "incident": "%(year)d ж. — инцидент: шикізат сорғысының фланецті қосылысынан өнімнің ағуы, жану және зардап "
                    "шеккендер болған жоқ; техникалық тергеу жүргізілді, төсемдер ауыстырылды, іс-шаралар орындалды.",
        "training": "Объект қызметкерлері: %(n)d адам; өнеркәсіптік қауіпсіздік бойынша білімін тексерудің қолданыстағы "
                    "куәлігі — %(trained)d адамда, мерзімі өткені — %(expired)d.",
        "location": "Павлодар облысы, Павлодар қ., Солтүстік өнеркәсіптік аймақ, %(site)s",
    },
}

# ---------------------------------------------------------------------------------------------------------------------
# Trainings: document-number prefixes and who issues the certificates.

TRAINING_PREFIX = {"industrial_safety": "ПБ", "electrical_safety": "ЭБ", "work_at_height": "ВР",
                   "confined_spaces": "ЗП", "gas_hazardous": "ГО", "first_aid": "ПМП"}
IN_HOUSE_TRAININGS = ("industrial_safety", "electrical_safety", "gas_hazardous")
TRAINING_CENTRES = ("ТОО «Учебный центр «Сақтық», г. Павлодар", "«Білім-Қауіпсіздік» оқу орталығы ЖШС, Павлодар қ.")

# ---------------------------------------------------------------------------------------------------------------------
# Normative legal acts: (kk, ru, en, number, adopted, issuer, lost force on, clauses (number, kk, ru, en)).

_LAW_CIVIL_PROTECTION = (
    "«Азаматтық қорғау туралы» Қазақстан Республикасының Заңы",
    "Закон Республики Казахстан «О гражданской защите»",
    "Law of the Republic of Kazakhstan «On Civil Protection»",
    "188-V ЗРК", datetime.date(2014, 4, 11), "Парламент Республики Казахстан", None,
    (("16", "Ұйымдар азаматтық қорғау іс-шараларын орындайды және қызметкерлерін оқытады.",
      "Организации выполняют мероприятия гражданской защиты и обучают работников.",
      "Organisations carry out civil-protection measures and train their staff."),
     ("70", "Қауіпті өндірістік объектілерді пайдаланатын ұйымдар өндірістік бақылауды жүзеге асырады және "
            "техникалық құрылғыларды уақтылы куәландырады.",
      "Организации, эксплуатирующие опасные производственные объекты, осуществляют производственный контроль и "
      "своевременно проводят техническое освидетельствование технических устройств.",
      "Organisations operating hazardous facilities run production control and have technical devices certified "
      "on time."),
     ("73", "Техникалық құрылғылар өнеркәсіптік қауіпсіздік талаптарына сәйкес болуы тиіс.",
      "Технические устройства должны соответствовать требованиям промышленной безопасности.",
      "Technical devices must meet industrial-safety requirements.")),
)
_LABOUR_CODE = (
    "Қазақстан Республикасының Еңбек кодексі", "Трудовой кодекс Республики Казахстан",
    "Labour Code of the Republic of Kazakhstan", "414-V ЗРК", datetime.date(2015, 11, 23),
    "Парламент Республики Казахстан", None,
    (("22", "Қызметкер еңбек қауіпсіздігі талаптарын сақтауға міндетті.",
      "Работник обязан соблюдать требования безопасности и охраны труда.",
      "An employee must comply with safety and labour-protection requirements."),
     ("23", "Жұмыс беруші қауіпсіз еңбек жағдайларын қамтамасыз етуге міндетті.",
      "Работодатель обязан обеспечивать безопасные условия труда.",
      "An employer must provide safe working conditions."),
     ("182", "Жұмыс беруші қызметкерлерді оқытады, нұсқама береді және білімін тексереді, оқытылмаған адамдарды "
             "жұмысқа жібермейді.",
      "Работодатель обучает, инструктирует и проверяет знания работников и не допускает к работе не прошедших "
      "обучение.",
      "The employer trains, instructs and tests employees and keeps untrained people from work.")),
)

_ISSUER_315 = "Министр по чрезвычайным ситуациям Республики Казахстан"
# The orders that amended Order 315 (315 cl.16: a clause's editions name their amending act).
_ORDER_335 = (
    "Қазақстан Республикасы Төтенше жағдайлар министрінің 2021 жылғы 24 маусымдағы № 315 бұйрығына өзгерістер енгізу "
    "туралы",
    "О внесении изменений в приказ Министра по чрезвычайным ситуациям Республики Казахстан от 24 июня 2021 года № 315",
    "On amendments to Order No. 315 of the Minister for Emergency Situations of 24 June 2021",
    "335", datetime.date(2022, 12, 26), _ISSUER_315, None, ())
_ORDER_433 = (
    "Қазақстан Республикасы Төтенше жағдайлар министрінің 2021 жылғы 24 маусымдағы № 315 бұйрығына өзгерістер енгізу "
    "туралы",
    "О внесении изменений в приказ Министра по чрезвычайным ситуациям Республики Казахстан от 24 июня 2021 года № 315",
    "On amendments to Order No. 315 of the Minister for Emergency Situations of 24 June 2021",
    "433", datetime.date(2025, 10, 2), _ISSUER_315, None, ())

# National acts: one row each, read by every organisation (the amending orders before the order they amend).
LEGAL_ACTS = (
    _LAW_CIVIL_PROTECTION,
    _ORDER_335,
    _ORDER_433,
    ("Өнеркәсіптік қауіпсіздік саласындағы өндірістік бақылауды жүзеге асыру жөніндегі нұсқаулықты бекіту туралы",
     "Об утверждении Инструкции по осуществлению производственного контроля в области промышленной безопасности",
     "On approval of the Instruction on production control in industrial safety",
     "315", datetime.date(2021, 6, 24), "Министр по чрезвычайным ситуациям Республики Казахстан", None,
     # The clauses are read from the Kazakh text of the order (`core.order315`), with their editions.
     ()),
    ("Қауіптілігі жоғары жағдайларда жұмыс жүргізу кезінде наряд-рұқсаттарды ресімдеу және қолдану қағидаларын "
     "бекіту туралы",
     "Об утверждении Правил оформления и применения нарядов-допусков при производстве работ в условиях повышенной "
     "опасности",
     "On approval of the Rules for issuing and using work permits for work under increased danger",
     "344", datetime.date(2020, 8, 28), "Министр труда и социальной защиты населения Республики Казахстан", None,
     (("9", "Мердігер жұмыстарына наряд-рұқсат мердігер өкілінің қатысуымен ресімделеді.",
       "Наряд-допуск на работы подрядной организации оформляется с участием её представителя.",
       "A permit for a contractor's work is issued with the contractor's representative."),
      ("11", "Бригада мүшелері оқытылған және білімі тексерілген болуы тиіс.",
       "Члены бригады должны пройти обучение и проверку знаний.",
       "Crew members must be trained and have passed a knowledge check."),
      ("16", "Наряд-рұқсат беруге құқығы бар адамдар ұйым басшысының бұйрығымен тағайындалады.",
       "Лица, имеющие право выдачи нарядов-допусков, назначаются приказом руководителя организации.",
       "People entitled to issue permits are appointed by order of the head."),
      ("19", "Рұқсат беруші жұмыс орнындағы қауіпсіздік шараларын тексеріп, бригаданы жұмысқа жібереді.",
       "Допускающий проверяет меры безопасности на рабочем месте и допускает бригаду к работе.",
       "The admitting person checks the safety measures on site and admits the crew."),
      ("30", "Наряд-рұқсат бойынша жұмыс жүргізілетін жабдық наряд жабылғаннан кейін ғана пайдалануға қайтарылады.",
       "Оборудование, на котором ведутся работы по наряду-допуску, возвращается в эксплуатацию только после закрытия "
       "наряда.",
       "Equipment worked on under a permit returns to service only after the permit is closed."))),
    _LABOUR_CODE,
    ("Қазақстан Республикасының Еңбек кодексі (2007)", "Трудовой кодекс Республики Казахстан (2007)",
     "Labour Code of the Republic of Kazakhstan (2007)", "251-III", datetime.date(2007, 5, 15),
     "Парламент Республики Казахстан", datetime.date(2016, 1, 1),
     (("22", "Қызметкердің негізгі құқықтары мен міндеттері.", "Основные права и обязанности работника.",
       "Basic rights and duties of an employee."),
      ("23", "Жұмыс берушінің негізгі құқықтары мен міндеттері.", "Основные права и обязанности работодателя.",
       "Basic rights and duties of an employer."))),
    ("Мұнай-химия, мұнай өңдеу өндірістерінің қауіпті өндірістік объектілері үшін өнеркәсіптік қауіпсіздікті "
     "қамтамасыз ету қағидалары",
     "Правила обеспечения промышленной безопасности для опасных производственных объектов нефтехимических и "
     "нефтеперерабатывающих производств",
     "Rules for ensuring industrial safety at hazardous facilities of petrochemical and oil-refining industries",
     "343", datetime.date(2014, 12, 30), "Министр по инвестициям и развитию Республики Казахстан", None,
     (("12", "Технологиялық қондырғылар апаттық қорғаныс жүйелерімен жабдықталады.",
       "Технологические установки оснащаются системами противоаварийной защиты.",
       "Process units are fitted with emergency shutdown systems."),
      ("46", "Газқауіпті жұмыстар наряд-рұқсат бойынша және газқұтқару қызметімен келісіп жүргізіледі.",
       "Газоопасные работы выполняются по наряду-допуску по согласованию с газоспасательной службой.",
       "Gas-hazardous work is done under a permit agreed with the gas rescue service."),
      ("117", "Жабдықты жөндеуге дейін босатады, буландырады және бітеуіштермен ажыратады.",
       "Перед ремонтом оборудование освобождают, пропаривают и отглушают заглушками.",
       "Before repair, equipment is emptied, steamed out and blanked off."))),
    ("Тұтынушылардың электр қондырғыларын техникалық пайдалану қағидалары",
     "Правила технической эксплуатации электроустановок потребителей",
     "Rules for the technical operation of consumers' electrical installations",
     "246", datetime.date(2015, 3, 30), "Министр энергетики Республики Казахстан", None,
     (("13", "Ұйымда электр шаруашылығына жауапты адам тағайындалады.",
       "В организации назначается ответственный за электрохозяйство.",
       "The organisation appoints a person responsible for the electrical installations."),
      ("25", "Электротехникалық персонал электр қауіпсіздігі тобын береді және жыл сайын білімін тексереді.",
       "Электротехническому персоналу присваивается группа по электробезопасности с ежегодной проверкой знаний.",
       "Electrical staff hold an electrical safety group, checked every year."),
      ("40", "Электр қондырғыларын пайдалануға беру алдында сынау жүргізіледі.",
       "Перед вводом в эксплуатацию электроустановки подвергаются испытаниям.",
       "Electrical installations are tested before commissioning."))),
    ("Тұтынушылардың электр қондырғыларын пайдалану кезіндегі қауіпсіздік техникасы қағидалары",
     "Правила техники безопасности при эксплуатации электроустановок потребителей",
     "Safety rules for the operation of consumers' electrical installations",
     "253", datetime.date(2015, 3, 31), "Министр энергетики Республики Казахстан", None,
     (("9", "Электр қондырғыларындағы жұмыстар наряд, өкім немесе ағымдағы пайдалану тәртібімен орындалады.",
       "Работы в электроустановках выполняются по наряду, распоряжению или в порядке текущей эксплуатации.",
       "Work on electrical installations is done under a permit, an instruction or routine operation."),
      ("55", "Жұмыс орнын дайындау: ажырату, кернеудің жоқтығын тексеру, жерге қосу.",
       "Подготовка рабочего места: отключение, проверка отсутствия напряжения, заземление.",
       "Preparing the workplace: switching off, proving dead, earthing."))),
    ("Қысыммен жұмыс істейтін жабдықты пайдаланатын қауіпті өндірістік объектілер үшін өнеркәсіптік қауіпсіздікті "
     "қамтамасыз ету қағидалары",
     "Правила обеспечения промышленной безопасности для опасных производственных объектов, использующих "
     "оборудование, работающее под давлением",
     "Rules for ensuring industrial safety at hazardous facilities using pressure equipment",
     "358", datetime.date(2014, 12, 30), "Министр по инвестициям и развитию Республики Казахстан", None,
     (("7", "Қысыммен жұмыс істейтін жабдық пайдалануға берер алдында тіркеледі.",
       "Оборудование, работающее под давлением, до пуска в работу подлежит регистрации.",
       "Pressure equipment is registered before it is put into service."),
      ("180", "Ыдыстар мерзімді техникалық куәландырудан өтеді: сыртқы, ішкі тексеру және гидравликалық сынақ.",
       "Сосуды подвергаются периодическому техническому освидетельствованию: наружный, внутренний осмотр и "
       "гидравлическое испытание.",
       "Vessels undergo periodic certification: external and internal examination and a hydraulic test."),
      ("185", "Куәландыру мерзімі өткен жабдықты пайдалануға жол берілмейді.",
       "Эксплуатация оборудования с истёкшим сроком освидетельствования не допускается.",
       "Equipment whose certification has expired may not be operated."))),
    ("Жүк көтергіш механизмдер пайдаланылатын қауіпті өндірістік объектілер үшін өнеркәсіптік қауіпсіздікті "
     "қамтамасыз ету қағидалары",
     "Правила обеспечения промышленной безопасности для опасных производственных объектов, на которых "
     "используются подъёмные механизмы",
     "Rules for ensuring industrial safety at hazardous facilities using lifting mechanisms",
     "359", datetime.date(2014, 12, 30), "Министр по инвестициям и развитию Республики Казахстан", None,
     (("140", "Жүк көтергіш кранның толық техникалық куәландыруы кемінде үш жылда бір рет жүргізіледі.",
       "Полное техническое освидетельствование крана проводится не реже одного раза в три года.",
       "A crane's full certification is done at least every three years."),
      ("161", "Кранмен жұмыс істеуге оқытылған және аттестатталған стропальщиктер жіберіледі.",
       "К обвязке и зацепке грузов допускаются обученные и аттестованные стропальщики.",
       "Only trained and certified slingers may rig loads."))),
    ("Өрт қауіпсіздігі қағидалары", "Правила пожарной безопасности", "Fire safety rules",
     "55", datetime.date(2022, 2, 21), "Министр по чрезвычайным ситуациям Республики Казахстан", None,
     (("6", "Қызметкерлер өрт қауіпсіздігі жөніндегі нұсқамадан өткеннен кейін ғана жұмысқа жіберіледі.",
       "Работники допускаются к работе только после инструктажа по пожарной безопасности.",
       "Staff start work only after fire-safety instruction."),
      ("391", "Отпен жұмыстар наряд-рұқсат бойынша және өрт сөндіру құралдары дайын болғанда жүргізіледі.",
       "Огневые работы проводятся по наряду-допуску при наличии первичных средств пожаротушения.",
       "Hot work is done under a permit with fire-fighting equipment at hand."),
      ("395", "Резервуар парктерінің үйінді қоршаулары бүтін ұсталады.",
       "Обвалования резервуарных парков содержатся в исправном состоянии.",
       "Tank farm bunds are kept intact."))),
    ("Қауіпсіздік және еңбекті қорғау мәселелері бойынша оқыту, нұсқама беру және білімін тексеру қағидалары мен "
     "мерзімдері",
     "Правила и сроки проведения обучения, инструктирования и проверок знаний по вопросам безопасности и охраны труда",
     "Rules and terms of training, instruction and knowledge checks on safety and labour protection",
     "1019", datetime.date(2015, 12, 25), "Министр здравоохранения и социального развития Республики Казахстан",
     None,
     (("4", "Қауіпті жұмыстағы қызметкерлердің білімі жылына кемінде бір рет тексеріледі.",
       "Проверка знаний работников, занятых на работах повышенной опасности, проводится не реже одного раза в год.",
       "Staff on hazardous work are tested at least once a year."),
      ("13", "Білімі тексерілмеген қызметкер жұмыстан шеттетіледі.",
       "Работник, не прошедший проверку знаний, отстраняется от работы.",
       "An employee who has not passed the check is removed from work."))),
    ("«Артық қысыммен жұмыс істейтін жабдықтың қауіпсіздігі туралы» Кеден одағының техникалық регламенті "
     "(КО ТР 032/2013)",
     "Технический регламент Таможенного союза «О безопасности оборудования, работающего под избыточным давлением» "
     "(ТР ТС 032/2013)",
     "Customs Union technical regulation «On the safety of equipment operating under excess pressure» "
     "(TR CU 032/2013)",
     "41", datetime.date(2013, 7, 2), "Совет Евразийской экономической комиссии", None,
     (("2", "Регламент 0,07 МПа-дан жоғары қысыммен жұмыс істейтін жабдыққа қолданылады.",
       "Регламент распространяется на оборудование, работающее под давлением более 0,07 МПа.",
       "The regulation covers equipment working above 0.07 MPa."),
      ("10", "Жабдықтың паспорты мен пайдалану жөніндегі нұсқаулығы болуы тиіс.",
       "Оборудование сопровождается паспортом и руководством по эксплуатации.",
       "Equipment comes with a passport and an operating manual."))),
    ("«Машиналар мен жабдықтардың қауіпсіздігі туралы» Кеден одағының техникалық регламенті (КО ТР 010/2011)",
     "Технический регламент Таможенного союза «О безопасности машин и оборудования» (ТР ТС 010/2011)",
     "Customs Union technical regulation «On the safety of machinery and equipment» (TR CU 010/2011)",
     "823", datetime.date(2011, 10, 18), "Комиссия Таможенного союза", None,
     (("4", "Машиналар мен жабдықтар бүкіл қызмет мерзімінде қауіпсіз болуы тиіс.",
       "Машины и оборудование должны быть безопасны в течение всего срока службы.",
       "Machinery must remain safe throughout its service life."),
      ("5", "Жобалау кезінде тәуекелдер талданады және қауіпсіздік негіздемесі жасалады.",
       "При проектировании проводится анализ рисков и разрабатывается обоснование безопасности.",
       "Design includes a risk analysis and a safety case."))),
)
# The refinery's own internal act, seen by its people only.
INTERNAL_LEGAL_ACTS = (
    ("Газқауіпті жұмыстарды ұйымдастыру және қауіпсіз жүргізу жөніндегі нұсқаулық (СТП ИНПЗ 12-2024)",
     "Инструкция по организации и безопасному проведению газоопасных работ (СТП ИНПЗ 12-2024)",
     "Instruction on organising and safely carrying out gas-hazardous work (company standard 12-2024)",
     "СТП ИНПЗ 12-2024", datetime.date(2024, 3, 15), "Генеральный директор ТОО «Иртышский НПЗ»", None,
     (("5", "Газқауіпті жұмыстар наряд-рұқсат бойынша, газ талдауынан кейін ғана басталады.",
       "Газоопасные работы начинаются только по наряду-допуску и после анализа воздушной среды.",
       "Gas-hazardous work starts only under a permit and after the air has been analysed."),
      ("12", "Газқауіпті орында кемінде екі адам жұмыс істейді, біреуі бақылаушы.",
       "В газоопасном месте работают не менее двух человек, один из них наблюдающий.",
       "At least two people work at a gas-hazardous place, one of them watching."))),
)
