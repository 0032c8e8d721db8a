"""The wording of the Regulation on production control (315 cl.5-6) in Kazakh, Russian and English, as data.

The Regulation is a document of the organisation drawn up in three languages at once and frozen when approved: its
headings follow the law's text (the Kazakh text of Order 315 decides), so they are kept here beside the law's words
rather than as interface strings, and the frozen content carries them in each language whatever the installed
translations say later. The pages show the same headings in the reader's language.

- `HEADINGS`: the document's title and the headings of cl.6's sub-items, by key;
- `POWERS`: cl.4's powers of the production-control officials, item by item, used when the legal library does not
  hold Order 315's clause 4 (the library's wording in force wins, `control.regulation_content.powers`);
- `NARRATIVES`: the sections whose wording the law leaves to the organisation, with the text a new draft starts from.
"""

LANGUAGES = ("kk", "ru", "en")

HEADINGS: dict[str, dict[str, str]] = {
    "title": {"kk": "Өндірістік бақылау туралы ереже",
              "ru": "Положение о производственном контроле",
              "en": "Regulation on production control"},
    "basis": {"kk": "Қазақстан Республикасы Төтенше жағдайлар министрінің 2021 жылғы 24 маусымдағы № 315 бұйрығымен "
                    "бекітілген Нұсқаулықтың 5, 6-тармақтарына сәйкес әзірленді",
              "ru": "Разработано в соответствии с пунктами 5, 6 Инструкции, утверждённой приказом Министра по "
                    "чрезвычайным ситуациям Республики Казахстан от 24 июня 2021 года № 315",
              "en": "Drawn up under clauses 5 and 6 of the Instruction approved by Order No. 315 of the Minister of "
                    "Emergency Situations of the Republic of Kazakhstan of 24 June 2021"},
    "5": {"kk": "Жалпы ережелер", "ru": "Общие положения", "en": "General provisions"},
    "6.1": {"kk": "Өнеркәсіптік қауіпсіздік саласында өндірістік бақылауды жүзеге асыратын лауазымды адамдардың "
                  "өкілеттіктері",
            "ru": "Полномочия должностных лиц, осуществляющих производственный контроль в области промышленной "
                  "безопасности",
            "en": "Powers of the officials carrying out production control in industrial safety"},
    "6.2": {"kk": "Қауіпті өндірістік объектілер мен олардың өндірістік бөлімшелерінің саны",
            "ru": "Количество опасных производственных объектов и их производственных подразделений",
            "en": "Number of hazardous production facilities and their production units"},
    "6.3": {"kk": "Қауіпті өндірістік объектілердің қысқаша сипаттамасы",
            "ru": "Краткая характеристика опасных производственных объектов",
            "en": "Short description of the hazardous production facilities"},
    "6.3.buildings": {"kk": "Өндірістік ғимараттардың, технологиялық құрылыстардың жай-күйі және техникалық тексерілуі",
                      "ru": "Состояние и техническое обследование производственных зданий и технологических "
                            "сооружений",
                      "en": "State and technical inspection of production buildings and technological structures"},
    "6.3.devices": {"kk": "Қауіпті техникалық құрылғыларды техникалық куәландыру",
                    "ru": "Техническое освидетельствование опасных технических устройств",
                    "en": "Technical certification of hazardous technical devices"},
    "6.3.accidents": {"kk": "Авариялар, инциденттер және жазатайым оқиғалар",
                      "ru": "Аварии, инциденты и несчастные случаи",
                      "en": "Accidents, incidents and injuries"},
    "6.3.training": {"kk": "Басшыларды, мамандарды және қызметкерлерді даярлау, қайта даярлау",
                     "ru": "Подготовка и переподготовка руководителей, специалистов и работников",
                     "en": "Training and retraining of managers, specialists and workers"},
    "6.4": {"kk": "Өнеркәсіптік қауіпсіздікті қамтамасыз ету жөніндегі іс-шаралар жоспары",
            "ru": "План мероприятий по обеспечению промышленной безопасности",
            "en": "Plan of measures for ensuring industrial safety"},
    "6.5": {"kk": "Бақылау іс-шараларының кезеңділігі, жоспарлау, есептілік, тиімділікті бағалау критерийлері, "
                  "шешімдерді орындау тәртібі",
            "ru": "Периодичность контрольных мероприятий, планирование, отчётность, критерии оценки эффективности, "
                  "порядок исполнения решений",
            "en": "Periodicity of control, planning, reporting, effectiveness criteria, execution of decisions"},
    "6.5.periodicity": {"kk": "Бақылау іс-шараларын жүргізудің кезеңділігі",
                        "ru": "Периодичность проведения контрольных мероприятий",
                        "en": "Periodicity of control measures"},
    "6.5.planning": {"kk": "Іс-шараларды жоспарлау", "ru": "Планирование мероприятий", "en": "Planning of measures"},
    "6.5.reporting": {"kk": "Іс-шараларды орындау жөніндегі есептілік",
                      "ru": "Отчётность о выполнении мероприятий",
                      "en": "Reporting on the execution of measures"},
    "6.5.criteria": {"kk": "Тиімділікті бағалау критерийлері",
                     "ru": "Критерии оценки эффективности",
                     "en": "Effectiveness criteria"},
    "6.5.improvement": {"kk": "Тиімділікті арттыру жөніндегі шаралар",
                        "ru": "Меры по повышению эффективности",
                        "en": "Measures to raise effectiveness"},
    "6.5.decisions": {"kk": "Өндірістік бақылау нәтижелері бойынша қабылданатын шешімдерді орындау тәртібі",
                      "ru": "Порядок исполнения решений, принимаемых по результатам производственного контроля",
                      "en": "How decisions taken on the results of production control are executed"},
    "6.6": {"kk": "Өндірістік бақылау қызметінің құрылымы",
            "ru": "Структура службы производственного контроля",
            "en": "Structure of the production-control service"},
    "approved": {"kk": "БЕКІТЕМІН", "ru": "УТВЕРЖДАЮ", "en": "APPROVED"},
    "draft": {"kk": "ЖОБА", "ru": "ПРОЕКТ", "en": "DRAFT"},
    "version": {"kk": "Нұсқа", "ru": "Версия", "en": "Version"},
}

# 315 cl.4, item by item: the Kazakh text is the law's; Russian and English are the product's translations.
POWERS: list[dict[str, str]] = [
    {"kk": "ұйымның бөлімшелерінде өндірістік бақылауды жүзеге асыру жөніндегі жұмыстар жоспарын әзірлеу",
     "ru": "разработка плана работ по осуществлению производственного контроля в подразделениях организации",
     "en": "drawing up the work plan for production control in the organisation's divisions"},
    {"kk": "жұмыскерлердің өнеркәсіптік қауіпсіздік талаптарын сақтауына өндірістік бақылауды жүзеге асыру",
     "ru": "осуществление производственного контроля за соблюдением работниками требований промышленной "
           "безопасности",
     "en": "production control of the workers' compliance with industrial-safety requirements"},
    {"kk": "өнеркәсіптік қауіпсіздік талаптарының сақталуы тұрғысынан тексерулерді ұйымдастыру және жүргізу",
     "ru": "организация и проведение проверок соблюдения требований промышленной безопасности",
     "en": "organising and carrying out inspections of compliance with industrial-safety requirements"},
    {"kk": "ұйымның құрылымдық бөлімшелерінің басшыларына анықталған бұзушылықтарды жою туралы орындалуы міндетті "
           "нұсқамалар беру, олардың күші бірінші басшының жазбаша өкімімен ғана жойылуы мүмкін",
     "ru": "выдача руководителям структурных подразделений организации обязательных для исполнения предписаний об "
           "устранении выявленных нарушений, которые могут быть отменены только письменным распоряжением первого "
           "руководителя",
     "en": "issuing to the heads of the organisation's structural divisions binding prescriptions to eliminate the "
           "violations found, which only a written directive of the first head can cancel"},
    {"kk": "өнеркәсіптік қауіпсіздікті қамтамасыз ету және аварияларды жою жөніндегі іс-шаралар жоспарын әзірлеуді "
           "ұйымдастыру",
     "ru": "организация разработки плана мероприятий по обеспечению промышленной безопасности и ликвидации аварий",
     "en": "organising the drawing up of the plan of measures for industrial safety and accident elimination"},
    {"kk": "өнеркәсіптік қауіпсіздік саласында сараптама жүргізуді дайындау жөніндегі жұмысты ұйымдастыру",
     "ru": "организация работы по подготовке проведения экспертизы в области промышленной безопасности",
     "en": "organising the preparation of industrial-safety expert examinations"},
    {"kk": "ұйым басшысына ұсыныстар енгізу: өнеркәсіптік қауіпсіздікті қамтамасыз ету жөніндегі іс-шараларды "
           "жүргізу туралы, өнеркәсіптік қауіпсіздік талаптарын бұзушылықтарды жою туралы; жұмыскерлердің өмірі мен "
           "денсаулығына қатер төндіретін немесе қауіпті өндірістік факторлардың персоналға, халыққа, қоршаған ортаға "
           "зақымдаушы әсеріне әкеп соғуы мүмкін өнеркәсіптік қауіпсіздік талаптарын бұза отырып жүзеге асырылатын "
           "жұмыстарды тоқтата тұру туралы; өнеркәсіптік қауіпсіздік мәселелері бойынша уақтылы даярлаудан, қайта "
           "даярлаудан өтпеген адамдарды жұмыстан шеттету туралы",
     "ru": "внесение руководителю организации предложений: о проведении мероприятий по обеспечению промышленной "
           "безопасности, об устранении нарушений требований промышленной безопасности; о приостановлении работ, "
           "осуществляемых с нарушением требований промышленной безопасности, создающих угрозу жизни и здоровью "
           "работников или способных привести к поражающему воздействию опасных производственных факторов на "
           "персонал, население, окружающую среду; об отстранении от работы лиц, не прошедших своевременно "
           "подготовку, переподготовку по вопросам промышленной безопасности",
     "en": "proposing to the head of the organisation: measures to ensure industrial safety and the elimination of "
           "violations of industrial-safety requirements; the suspension of work done in violation of "
           "industrial-safety requirements that threatens the life and health of workers or may expose the staff, "
           "the population or the environment to the harmful effect of hazardous production factors; the removal "
           "from work of people who did not pass training or retraining in industrial safety in time"},
    {"kk": "ұйымдағы өнеркәсіптік қауіпсіздіктің жай-күйін бағалау үшін қажетті құжаттар мен материалдарды алу",
     "ru": "получение документов и материалов, необходимых для оценки состояния промышленной безопасности в "
           "организации",
     "en": "obtaining the documents and materials needed to assess the state of industrial safety in the "
           "organisation"},
    {"kk": "қауіпті өндірістік объектілерде авариялар мен оқыс оқиғалардың туындау себептеріне талдау жүргізу және "
           "оларды есепке алу жөніндегі құжаттаманы сақтау",
     "ru": "проведение анализа причин возникновения аварий и инцидентов на опасных производственных объектах и "
           "хранение документации по их учёту",
     "en": "analysing the causes of accidents and incidents at hazardous production facilities and keeping the "
           "records of them"},
    {"kk": "өнеркәсіптік қауіпсіздік мәселелері бойынша жұмыскерлерді даярлауды және қайта даярлауды ұйымдастыру",
     "ru": "организация подготовки и переподготовки работников по вопросам промышленной безопасности",
     "en": "organising the training and retraining of workers in industrial safety"},
    {"kk": "қауіпті өндірістік объектілер жұмыскерлерінің назарына Қазақстан Республикасының өнеркәсіптік қауіпсіздік "
           "саласындағы нормативтік құқықтық актілеріне өзгерістер және (немесе) толықтырулар енгізу туралы "
           "ақпаратты жеткізу",
     "ru": "доведение до сведения работников опасных производственных объектов информации о внесении изменений и "
           "(или) дополнений в нормативные правовые акты Республики Казахстан в области промышленной безопасности",
     "en": "bringing to the workers of hazardous production facilities the changes and additions to the normative "
           "legal acts of the Republic of Kazakhstan on industrial safety"},
    {"kk": "қауіпті өндірістік объектідегі авария салдарынан болған аварияларды, жазатайым оқиғаларды тергеп-тексеруді "
           "және есепке алуды ұйымдастыру",
     "ru": "организация расследования и учёта аварий, несчастных случаев, произошедших в результате аварии на "
           "опасном производственном объекте",
     "en": "organising the investigation and recording of accidents and of injuries caused by an accident at a "
           "hazardous production facility"},
    {"kk": "Қазақстан Республикасының өнеркәсіптік қауіпсіздік саласындағы заңнамасында көзделген өзге де "
           "өкілеттіктерді жүзеге асыру",
     "ru": "осуществление иных полномочий, предусмотренных законодательством Республики Казахстан в области "
           "промышленной безопасности",
     "en": "exercising the other powers provided by the legislation of the Republic of Kazakhstan on industrial "
           "safety"},
]

# The sections the organisation words itself (cl.5: its specifics; cl.6.5 above all), in the order of the document,
# with the text a first draft starts from. A later draft starts from the approved version's own wording.
NARRATIVES: dict[str, dict[str, str]] = {
    "5": {
        "kk": "Осы Ереже ұйымның ерекшелігі мен саласын, пайдаланылатын қауіпті өндірістік объектілердің "
              "ерекшеліктерін және оларды пайдалану шарттарын ескере отырып әзірленді және ұйымның барлық "
              "бөлімшелері үшін міндетті.",
        "ru": "Настоящее Положение разработано с учётом специфики и отрасли организации, особенностей "
              "эксплуатируемых опасных производственных объектов и условий их эксплуатации и обязательно для всех "
              "подразделений организации.",
        "en": "This Regulation takes into account the organisation's specifics and sector, the particular features "
              "of the hazardous production facilities it operates and their operating conditions, and binds every "
              "division of the organisation."},
    "6.1": {
        "kk": "Өндірістік бақылауды жүзеге асыратын лауазымды адамдар ұйым басшысының бұйрығымен тағайындалады.",
        "ru": "Должностные лица, осуществляющие производственный контроль, назначаются приказом руководителя "
              "организации.",
        "en": "The officials carrying out production control are appointed by an order of the head of the "
              "organisation."},
    "6.4": {
        "kk": "Іс-шаралар жоспарын өндірістік бақылау қызметі жыл сайын әзірлейді, оны ұйым басшысы бекітеді; "
              "жоспарға өткен жылғы талдау нәтижелері бойынша әзірленген іс-шаралар енгізіледі.",
        "ru": "План мероприятий ежегодно разрабатывается службой производственного контроля и утверждается "
              "руководителем организации; в план включаются мероприятия, разработанные по результатам анализа "
              "прошедшего года.",
        "en": "The production-control service draws up the plan of measures every year and the head of the "
              "organisation approves it; it includes the measures developed from the analysis of the past year."},
    "6.5.periodicity": {
        "kk": "Тексерулер бекітілген кесте бойынша жүргізіледі; жылына кемінде бір рет ұйымды кешенді тексеру "
              "жүргізіледі; авария немесе жазатайым оқиға болған кезде ұйым басшысының өкімімен кезектен тыс "
              "тексеру жүргізіледі.",
        "ru": "Проверки проводятся по утверждённому графику; не реже одного раза в год проводится комплексная "
              "проверка организации; после аварии или несчастного случая по распоряжению руководителя организации "
              "проводится внеочередная проверка.",
        "en": "Inspections follow the approved schedule; the organisation is inspected comprehensively at least once "
              "a year; after an accident or an injury an unscheduled inspection is carried out by the head's "
              "directive."},
    "6.5.planning": {
        "kk": "Тексерулер кестесін өндірістік бақылауға жауапты адам жасайды және оны ұйым басшысы бекітеді; "
              "кешенді тексеру бекітілген бағдарлама бойынша жүргізіледі.",
        "ru": "График проверок составляет лицо, ответственное за производственный контроль, и утверждает "
              "руководитель организации; комплексная проверка проводится по утверждённой программе.",
        "en": "The person responsible for production control draws up the inspection schedule and the head of the "
              "organisation approves it; a comprehensive inspection follows an approved programme."},
    "6.5.reporting": {
        "kk": "Лауазымды адам ай сайын ұйым басшысына өндірістік бақылау нәтижелері мен нұсқамалардың орындалу "
              "барысы туралы баяндайды; жылына бір рет нәтижелер талданады және өндірістік бақылауды ұйымдастыру "
              "туралы ақпарат дайындалады.",
        "ru": "Ежемесячно должностное лицо докладывает руководителю организации о результатах производственного "
              "контроля и ходе исполнения предписаний; раз в год результаты анализируются и готовится информация "
              "об организации производственного контроля.",
        "en": "Every month the official reports to the head of the organisation the results of production control "
              "and the state of the prescriptions; once a year the results are analysed and the annual information "
              "on the organisation of production control is prepared."},
    "6.5.improvement": {
        "kk": "Критерий мақсатты мәнге жетпеген кезде бұзушылықтардың себептері талданып, түзету және алдын алу "
              "іс-шаралары әзірленеді және келесі жылғы жоспарға енгізіледі.",
        "ru": "Если критерий не достигает целевого значения, анализируются причины нарушений, разрабатываются "
              "корректирующие и предупреждающие мероприятия, которые включаются в план следующего года.",
        "en": "Where a criterion falls short of its target, the causes of the violations are analysed and corrective "
              "and preventive measures are developed and included in the next year's plan."},
    "6.5.decisions": {
        "kk": "Тексеру нәтижелері бойынша тексерілген бөлімше басшысына акт, бұзушылықтар анықталған кезде нұсқама "
              "беріледі; нұсқама орындалуы міндетті және оның күші бірінші басшының жазбаша өкімімен ғана жойылады; "
              "жойылған бұзушылықтар келесі тексерулерде қайта тексеріледі.",
        "ru": "По результатам проверки руководителю проверенного подразделения вручается акт, при выявлении "
              "нарушений — предписание; предписание обязательно для исполнения и отменяется только письменным "
              "распоряжением первого руководителя; устранённые нарушения перепроверяются при следующих проверках.",
        "en": "After an inspection the head of the inspected division receives an act and, where violations were "
              "found, a prescription; a prescription is binding and only the first head's written directive cancels "
              "it; eliminated violations are re-checked at the following inspections."},
    "6.6": {
        "kk": "Өндірістік бақылау қызметін ұйым басшысына тікелей бағынатын қызмет басшысы басқарады.",
        "ru": "Службу производственного контроля возглавляет руководитель службы, непосредственно подчиняющийся "
              "руководителю организации.",
        "en": "The production-control service is led by its head, who reports directly to the head of the "
              "organisation."},
}


def heading(key: str, language: str) -> str:
    return HEADINGS[key][language]
