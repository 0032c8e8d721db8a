"""The printed documents of Order 344: the work permit (Annex 1), the register (Annex 2), the admission certificate
(Annex 3), as PDF (and the register also as XLSX).

A printed copy is a copy of the electronic record, which stays authoritative (344 cl.14): every signature is printed
as a textual mark (who, in which role, when, how, and the start of the SHA-256 of what was signed) and every page says
so. The forms' own words (item headings, interlinear hints, column titles, notes) are the Order's, quoted from its
published texts in each language: a form must read as the law prints it, not as a translator would put it. Everything
else (copy and draft markers, signature marks, footers) goes through gettext.

    permit_pdf(permit, language="kk") -> bytes
    register_pdf(organisation=org, year=2026, language="ru", user=request.user) -> bytes
    register_xlsx(organisation=org, year=2026, language="ru", user=request.user) -> bytes
    certificate_pdf(certificate, language="en") -> bytes
"""

import datetime
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from qauipsiz.core.exports import table_workbook
from qauipsiz.documents.render import css_string, qr_svg_data_uri, render_pdf
from qauipsiz.ledger.models import GENESIS_HASH, ChainHead, CmsVerdict, SignatureMethod
from qauipsiz.ledger.signatures import signatures_of

from .acts import Act
from .choices import ENDED_STATUSES, ApprovalKind, CertificateStatus, MeasureCode, PeriodKind, Status
from .models import AdmissionCertificate, AdmissionPeriod, Permit, PermitMeasure

ALMATY = ZoneInfo("Asia/Almaty")
DASH = "\u2014"  # 344 cl.5: "in the columns that do not require filling, a dash is put"
COPIES = 2  # 344 cl.5: the permit is drawn up in duplicate
HASH_SHORT = 12  # characters of a SHA-256 printed beside a signature or an attachment
# Statuses printed in large letters on every page: the permit no longer allows work, or never did.
VOID_LIKE = frozenset({Status.TERMINATED, Status.VOID, Status.CANCELLED})

# --- The forms' own words ---------------------------------------------------------------------------------------------
# Kazakh: the official Kazakh text of Order 344, with its evident misprints put right (item 4 repeats the heading of
# item 3 there; the hint of 5.5 and the note of Annex 3 are garbled). Russian: the Russian text of the Order. English:
# the published unofficial translation, its slips corrected ("manufacturer of the work" is the work performer).

_NAME_KK = "Т.А.Ә. (бар болған жағдайда)"
_NAME_RU = "фамилия, имя, отчество (при его наличии)"
_NAME_EN = "surname, first name, patronymic (if any)"

FORM_WORDING: dict[str, dict[str, str]] = {
    "kk": {
        "org_site_workshop": "Ұйым, учаске, цех",
        "permit_title": "Қауіпі жоғары жұмыстарды орындауға наряд-рұқсат № %(number)s",
        "item1": "Жұмысты жүргізуші",
        "item1_hint": f"({_NAME_KK}, ұйым, учаске, цех, лауазымы)",
        "item2": "Орындауға рұқсат етіледі",
        "item2_hint": "(жұмыс орны, жабдықтың атауы, жұмыс көлемінің қысқаша мазмұны)",
        "item3": "Жұмысқа жіберуші(лер)",
        "item3_hint": f"({_NAME_KK}, лауазым)",
        "item4": "Жұмысты басқарушы",
        "item4_hint": f"({_NAME_KK}, лауазым)",
        "item5": "Жұмыс қауіпсіздігін қамтамасыз етуге арналған іс-шаралар:",
        "5.1": "Тоқтату",
        "5.1_hint": "(тоқтату орны, жағдайы)",
        "5.2": "Өшіру",
        "5.2_hint": "(рубильник, ысырма, магистраль және т. б.)",
        "5.3": "Орнату",
        "5.3_hint": "(тұйықтар, бітеуіштер, сигналдық шамдар және т. б.)",
        "5.4": "Ауа ортасын талдау үшін сынама алу",
        "5.4_hint": "(талдау орны мен нәтижесін, газдану тобын көрсету)",
        "5.5": "Қоршау",
        "5.5_hint": "(жұмыс аймағын, плакаттар ілу)",
        "5.6": "Биіктікте және құдықтарда жұмыс істеу кезінде қауіпсіздік шараларын қарастыру",
        "5.6_hint": "(ормандар, сақтандыру белдіктері, жіптер және т. б.)",
        "5.7": "Ескерту",
        "5.7_hint": "(көрші крандар мен аралас аралықтар крандарының машинистерін, вахталық журналға қол қойғызып)",
        "5.8": "Теміржолдарда қауіпсіздік шараларын көздеу",
        "5.8_hint": "(белгілер, плакаттар, қоршаулар, тұйықтар және т. б. орнату)",
        "5.9": "Жұмыс орнына маршруттарды көрсету",
        "5.9_hint": "(қажетіне қарай схеманы қоса беру)",
        "5.10": "Қосымша іс-шаралар",
        "5.10_hint": "",
        "item6": "Наряд-рұқсат берді",
        "item6_hint": f"({_NAME_KK}, лауазымы, қолы, күні)",
        "item7": "Іс-шаралар орындалды",
        "item7_hint": f"(іс-шараның нөмірі; {_NAME_KK}, лауазымы, қолы)",
        "item8": "Келісілді:",
        "item8_hint": f"(ауысым (учаске) бастығы, {_NAME_KK}, қолы)",
        "item8_1": "",
        "item8_1_hint": f"(лауазымы, {_NAME_KK}, қолы)",
        "item9": "Іс-шаралар орындалды, жұмыс қауіпсіздігі қамтамасыз етілді, жұмыс өндіруші еңбек жағдайларымен "
                 "таныстырды және нұсқау берді, жұмысқа рұқсат берді",
        "item9_hint": f"(лауазымы, {_NAME_KK}, қолы, күні)",
        "item10": "Жұмыс жағдайларымен таныстым және нұсқау берілді, дайындықтарын тексерді, жұмыс орнын "
                  "қабылдады – жұмыс өндіруші",
        "item10_hint": f"(лауазымы, {_NAME_KK}, қолы, күні, уақыты)",
        "item11": "Бригада құрамы және нұсқамадан өткені туралы белгі",
        "item11_when": "Күні және жұмыс жүргізу уақыты",
        "item11_member": f"Бригада мүшелерінің {_NAME_KK}",
        "item11_familiar": "Жұмыс шарттарымен таныстым, нұсқама алдым (қолы)",
        "item11_briefer": f"Нұсқаманы жүргізді (жіберушінің {_NAME_KK}, қолы)",
        "item11_started": "%(count)s адам саны бар бригадаға (ларға) нұсқау берілді, жұмысқа кірісті",
        "item11_started_hint": "(күні, уақыты)",
        "item11_performer": "Жұмысты жүргізуші",
        "item11_performer_hint": f"({_NAME_KK}, қолы)",
        "item12": "Наряд-рұқсатты ұзарту",
        "item12_when": "Күні, уақыты",
        "item12_handed": "Шарттар өзгермеді, ауысымды тапсырды – жұмыс жүргізуші",
        "item12_count": "Жұмысқа кірісетін бригаданың сандық құрамы",
        "item12_accepted": "Жұмыстың шарттарымен таныстым, ауысымды қабылдады – жұмыс жүргізуші",
        "item12_permitted": "Жұмысқа рұқсат беремін – ауысымдағы жұмысқа рұқсат беруші",
        "name_hint": _NAME_KK,
        "item13": "Жұмыс аяқталды",
        "item13_hint": "(күні, уақыты)",
        "item13_cleared": "жұмыс орны жиналған, қызметкерлер жұмыс жүргізу орнынан шығарылды.",
        "item13_handed": "Наряд-рұқсатты тапсырды",
        "item13_handed_hint": f"(жұмыс өндірушінің лауазымы, {_NAME_KK}, қолы)",
        "item13_accepted": "Наряд-рұқсатнаманы қабылдады",
        "item13_accepted_hint": f"(жұмысқа жіберушінің лауазымы, {_NAME_KK}, қолы)",
        "register_title": "Наряд-рұқсаттар беруді есепке алу журналы",
        "organisation_hint": "(ұйымның атауы)",
        "register_initial": "Жұмыстарға бастапқы рұқсат беру күні мен уақыты (басталуы мен аяқталуы)",
        "register_readmission": "Жұмыстарға қайта рұқсат беру күні мен уақыты (басталуы мен аяқталуы)",
        "register_number": "Наряд-рұқсат №",
        "register_issuer": "Наряд берген адам",
        "register_nature": "Орындалатын жұмыстың сипаты",
        "register_note": "Ескертпе: наряд-рұқсаттарды тіркеу наряд-рұқсаттарды беру күні мен уақытына тәуелсіз "
                         "наряд-рұқсаттардың келіп түсу шамасына қарай хронологиялық тәртіппен жүргізіледі.",
        "cert_title": "Жұмыс істеп тұрған ұйымның (кәсіпорынның) аумағында жұмыс жүргізу үшін рұқсат-акт",
        "cert_we": "Біз, төменде қол қоюшылар, цех (учаске) бастығы",
        "cert_we_hint": f"({_NAME_KK}, лауазымы)",
        "cert_drawn_up": "төмендегілер туралы осы актіні жасадық:",
        "cert_site": "Ұйым координаталармен шектелген учаске бөледі:",
        "cert_site_hint": "(осьтердің, белгілердің атауы және сызбалар №)",
        "cert_work": "онда өндіру үшін",
        "cert_work_hint": "(жұмыс атауы)",
        "cert_guidance": "техникалық персонал - мердігер өкілінің басшылығымен келесі мерзімге:",
        "cert_begin": "басталуы",
        "cert_end": "аяқталуы",
        "cert_measures": "Жұмыс басталғанға дейін жұмыстарды жүргізу қауіпсіздігін қамтамасыз ететін келесі "
                         "іс-шараларды орындау қажет:",
        "cert_no": "р/с №",
        "cert_measure": "Іс-шаралар атауы",
        "cert_deadline": "Орындау мерзімі",
        "cert_executor": "Орындаушы",
        "cert_executor_hint": f"{_NAME_KK}, лауазымы",
        "cert_shop_head": "Цех бастығы (учаске)",
        "cert_rep": "Мердігердің жауапты өкілі",
        "signature_hint": "(қолы)",
        "cert_note": "Ескертпе: осы рұқсат беру актісінің қолданылу мерзімі аяқталғаннан кейін жұмыстарды жүргізу "
                     "қажет болған кезде жаңа мерзімге рұқсат беру актісін жасау қажет.",
    },
    "ru": {
        "org_site_workshop": "Организация, участок, цех",
        "permit_title": "Наряд-допуск № %(number)s на производство работ повышенной опасности",
        "item1": "Производитель работ",
        "item1_hint": f"({_NAME_RU}, организация, участок, цех, должность)",
        "item2": "Допускается к выполнению",
        "item2_hint": "(место работы, наименование оборудования, краткое содержание объема работ)",
        "item3": "Допускающий(ие) к работе",
        "item3_hint": f"({_NAME_RU}, должность)",
        "item4": "Ответственный руководитель",
        "item4_hint": f"({_NAME_RU}, должность)",
        "item5": "Мероприятия по обеспечению безопасности работ:",
        "5.1": "Остановить",
        "5.1_hint": "(место остановки, положение)",
        "5.2": "Отключить",
        "5.2_hint": "(рубильник, задвижка, магистраль и т.д.)",
        "5.3": "Установить",
        "5.3_hint": "(тупики, заглушки, сигнальные лампы и т.д.)",
        "5.4": "Взять пробу для анализа воздушной среды",
        "5.4_hint": "(указать места и результат анализа, группу загазованности)",
        "5.5": "Оградить",
        "5.5_hint": "(зону работ, вывесить плакаты)",
        "5.6": "Предусмотреть меры безопасности при работе на высоте и в колодцах",
        "5.6_hint": "(леса, предохранительные пояса, веревки и т.д.)",
        "5.7": "Предупредить",
        "5.7_hint": "(машинистов смежных кранов и кранов смежных пролетов под роспись в вахтенном журнале)",
        "5.8": "Предусмотреть меры безопасности на железнодорожных путях",
        "5.8_hint": "(установить знаки, плакаты, ограждения, тупики и т.д.)",
        "5.9": "Указать маршруты к месту работы",
        "5.9_hint": "(при необходимости приложить схему)",
        "5.10": "Дополнительные мероприятия",
        "5.10_hint": "",
        "item6": "Наряд-допуск выдал",
        "item6_hint": f"({_NAME_RU}, должность, подпись, дата)",
        "item7": "Мероприятия выполнены",
        "item7_hint": f"(номер мероприятия; {_NAME_RU}, должность, подпись)",
        "item8": "Согласовано:",
        "item8_hint": f"(начальник смены (участка), {_NAME_RU}, подпись)",
        "item8_1": "",
        "item8_1_hint": f"(должность, {_NAME_RU}, подпись)",
        "item9": "Мероприятия выполнены, безопасность работ обеспечена, производитель работ ознакомлен с условиями "
                 "труда и проинструктирован, допуск разрешен – допускающий к работе",
        "item9_hint": f"(должность, {_NAME_RU}, подпись, дата)",
        "item10": "С условиями работ ознакомлен и проинструктирован, подготовку проверил, рабочее место принял – "
                  "производитель работ",
        "item10_hint": f"(должность, {_NAME_RU}, подпись, дата, время)",
        "item11": "Состав бригады и отметка о прохождении инструктажа",
        "item11_when": "Дата и время производства работ",
        "item11_member": "Фамилия, имя, отчество (при его наличии) членов бригады",
        "item11_familiar": "С условиями работ ознакомлен, инструктаж получил (подпись)",
        "item11_briefer": f"Инструктаж провел ({_NAME_RU} допускающего, подпись)",
        "item11_started": "Бригада(ы) в количестве %(count)s человек проинструктирована, приступила к работе",
        "item11_started_hint": "(дата, время)",
        "item11_performer": "Производитель работ",
        "item11_performer_hint": f"({_NAME_RU}, подпись)",
        "item12": "Продление наряда-допуска",
        "item12_when": "Дата, время",
        "item12_handed": "Условия не изменились, смену сдал – производитель работ",
        "item12_count": "Численный состав заступающей бригады",
        "item12_accepted": "С условиями работы ознакомлен, смену принял – производитель работ",
        "item12_permitted": "Допуск разрешаю – допускающий к работе в смену",
        "name_hint": _NAME_RU,
        "item13": "Работа закончена",
        "item13_hint": "(дата, время)",
        "item13_cleared": "рабочее место убрано, люди выведены с места производства работ.",
        "item13_handed": "Наряд-допуск сдал",
        "item13_handed_hint": f"(должность, {_NAME_RU}, подпись производителя работ)",
        "item13_accepted": "Рабочее место, наряд-допуск принял",
        "item13_accepted_hint": f"(должность, {_NAME_RU}, подпись допускающего к работе)",
        "register_title": "Журнал учета выдачи нарядов-допусков",
        "organisation_hint": "(наименование организации)",
        "register_initial": "Дата и время (начало и окончание) первичного допуска к работе",
        "register_readmission": "Дата и время (начало и окончание) повторного допуска к работе",
        "register_number": "Номер наряда-допуска",
        "register_issuer": "Лицо, выдавшее наряд-допуск",
        "register_nature": "Характер выполняемой работы",
        "register_note": "Примечание: регистрация нарядов-допусков производится в хронологическом порядке по мере "
                         "поступления нарядов-допусков, независимо от даты и времени выдачи наряда-допуска.",
        "cert_title": "Акт-допуск для производства работ на территории действующей организации (предприятия)",
        "cert_we": "Мы, нижеподписавшиеся, начальник цеха (участка)",
        "cert_we_hint": f"({_NAME_RU}, должность)",
        "cert_drawn_up": "составили настоящий акт о нижеследующем:",
        "cert_site": "Организация выделяет участок, ограниченный координатами:",
        "cert_site_hint": "(наименование осей, отметок и номер чертежей)",
        "cert_work": "для производства на нем",
        "cert_work_hint": "(наименование работ)",
        "cert_guidance": "под руководством технического персонала – представителя производителя работ на следующий "
                         "срок:",
        "cert_begin": "начало",
        "cert_end": "окончание",
        "cert_measures": "До начала работ необходимо выполнить следующие мероприятия, обеспечивающие безопасность "
                         "производства работ:",
        "cert_no": "№ п/п",
        "cert_measure": "Наименование мероприятий",
        "cert_deadline": "Срок выполнения",
        "cert_executor": "Исполнитель",
        "cert_executor_hint": f"{_NAME_RU}, должность",
        "cert_shop_head": "Начальник цеха (участка)",
        "cert_rep": "Ответственный представитель производителя работ",
        "signature_hint": "(подпись)",
        "cert_note": "Примечание: при необходимости производства работ после истечения срока действия настоящего "
                     "акта-допуска необходимо составить акт-допуск на новый срок.",
    },
    "en": {
        "org_site_workshop": "Organisation, site, workshop",
        "permit_title": "Work permit No. %(number)s to perform work of higher risk",
        "item1": "Performer of the work",
        "item1_hint": f"({_NAME_EN}, organisation, site, workshop, position)",
        "item2": "Admitted for performance",
        "item2_hint": "(place of work, name of equipment, summary of the scope of work)",
        "item3": "Admitting person(s) to work",
        "item3_hint": f"({_NAME_EN}, position)",
        "item4": "Responsible manager",
        "item4_hint": f"({_NAME_EN}, position)",
        "item5": "Measures to ensure the safety of work:",
        "5.1": "Stop",
        "5.1_hint": "(stopping place, position)",
        "5.2": "Disconnect",
        "5.2_hint": "(switch, valve, mains, etc.)",
        "5.3": "Install",
        "5.3_hint": "(dead ends, plugs, warning lamps, etc.)",
        "5.4": "Take a sample for analysis of the air environment",
        "5.4_hint": "(indicate the places and the result of the analysis, the gas contamination group)",
        "5.5": "Fence",
        "5.5_hint": "(work area, post posters)",
        "5.6": "Provide safety measures when working at height and in wells",
        "5.6_hint": "(scaffolding, safety belts, ropes, etc.)",
        "5.7": "Warn",
        "5.7_hint": "(operators of adjacent cranes and cranes of adjacent spans, signed in the logbook)",
        "5.8": "Provide safety measures at railway tracks",
        "5.8_hint": "(install signs, posters, fences, dead ends, etc.)",
        "5.9": "Indicate routes to the place of work",
        "5.9_hint": "(if necessary, attach a diagram)",
        "5.10": "Additional measures",
        "5.10_hint": "",
        "item6": "The permit issued by",
        "item6_hint": f"({_NAME_EN}, position, signature, date)",
        "item7": "Measures completed",
        "item7_hint": f"(measure number; {_NAME_EN}, position, signature)",
        "item8": "Approved:",
        "item8_hint": f"(shift supervisor (section), {_NAME_EN}, signature)",
        "item8_1": "",
        "item8_1_hint": f"(position, {_NAME_EN}, signature)",
        "item9": "The measures have been taken, the safety of the work is ensured, the work performer has been "
                 "familiarised with the working conditions and instructed, admission is authorised – the admitting "
                 "person",
        "item9_hint": f"(position, {_NAME_EN}, signature, date)",
        "item10": "I have been familiarised with the working conditions and instructed, have checked the preparation "
                  "and accepted the workplace – the work performer",
        "item10_hint": f"(position, {_NAME_EN}, signature, date, time)",
        "item11": "The composition of the crew and the mark of the briefing",
        "item11_when": "Date and time of work",
        "item11_member": "Surname, first name, patronymic (if any) of the crew members",
        "item11_familiar": "I am familiar with the working conditions, I received instructions (signature)",
        "item11_briefer": f"The briefing was carried out by (admitting person's {_NAME_EN}, signature)",
        "item11_started": "The crew(s) of %(count)s persons instructed, started work",
        "item11_started_hint": "(date, time)",
        "item11_performer": "Work performer",
        "item11_performer_hint": f"({_NAME_EN}, signature)",
        "item12": "Extension of the work permit",
        "item12_when": "Date, time",
        "item12_handed": "The conditions have not changed, the shift has been handed over – the work performer",
        "item12_count": "The numerical strength of the incoming crew",
        "item12_accepted": "I have read the working conditions and accepted the shift – the work performer",
        "item12_permitted": "Admission permitted – the admitting person in the shift",
        "name_hint": _NAME_EN,
        "item13": "The work was completed",
        "item13_hint": "(date, time)",
        "item13_cleared": "the workplace has been cleared, the personnel have been withdrawn from the place of work.",
        "item13_handed": "The work permit handed over by",
        "item13_handed_hint": f"(position, {_NAME_EN}, signature of the work performer)",
        "item13_accepted": "The workplace and the work permit accepted by",
        "item13_accepted_hint": f"(position, {_NAME_EN}, signature of the admitting person)",
        "register_title": "Register of the issuance of work permits",
        "organisation_hint": "(name of the organisation)",
        "register_initial": "Date and time (start and end) of the initial admission to work",
        "register_readmission": "Date and time (start and end) of re-admission to work",
        "register_number": "Work permit No.",
        "register_issuer": "The person issuing the work permit",
        "register_nature": "The nature of the work performed",
        "register_note": "Note: work permits are registered in chronological order as they are received, regardless "
                         "of the date and time of issue of the work permit.",
        "cert_title": "Certificate of admission for the performance of work on the territory of the operating "
                      "organisation (enterprise)",
        "cert_we": "We, the undersigned, the head of the shop (site)",
        "cert_we_hint": f"({_NAME_EN}, position)",
        "cert_drawn_up": "have drawn up this certificate on the following:",
        "cert_site": "The organisation allocates a site bounded by coordinates:",
        "cert_site_hint": "(names of axes, marks and numbers of drawings)",
        "cert_work": "for the production on it of",
        "cert_work_hint": "(name of work)",
        "cert_guidance": "under the guidance of technical personnel – a representative of the work performer, for "
                         "the following period:",
        "cert_begin": "beginning",
        "cert_end": "end",
        "cert_measures": "Before starting work, the following measures must be taken to ensure the safety of the work:",
        "cert_no": "No.",
        "cert_measure": "Name of the measures",
        "cert_deadline": "Deadline",
        "cert_executor": "Executor",
        "cert_executor_hint": f"{_NAME_EN}, position",
        "cert_shop_head": "Head of the shop (site)",
        "cert_rep": "Responsible representative of the work performer",
        "signature_hint": "(signature)",
        "cert_note": "Note: if work has to be carried out after this certificate of admission expires, a certificate "
                     "of admission for a new term must be drawn up.",
    },
}


def form_wording(language: str) -> dict[str, str]:
    """The forms' own words in `language`; ValueError for a language the application does not speak."""
    if language not in FORM_WORDING or language not in dict(settings.LANGUAGES):
        raise ValueError(f"not one of the application's languages: {language!r}")
    return FORM_WORDING[language]


# --- Values as printed ------------------------------------------------------------------------------------------------


def when(value) -> str:
    """A moment as printed: in Asia/Almaty, day first, in the active language's format; empty when there is none."""
    if value is None:
        return ""
    return formats.date_format(timezone.localtime(value, ALMATY), "SHORT_DATETIME_FORMAT")


def day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def span(start, end) -> str:
    """"start – end" of a period; an open period prints its start and an open end."""
    return f"{when(start)} – {when(end) if end else '…'}"


def person_line(person, *, workplace: bool = False) -> str:
    """Surname, first name, patronymic, [organisation, site/workshop,] position: the order of the form's hints."""
    if person is None:
        return ""
    parts = [person.full_name]
    if workplace:
        parts.append(person.contractor.name if person.contractor_id else person.organisation.name)
        if person.division_id:
            parts.append(person.division.name)
    if person.position:
        parts.append(person.position)
    return ", ".join(parts)


def method_label(signature) -> str:
    if signature.method == SignatureMethod.CMS:
        return _("ЭЦП, verified") if signature.cms_status == CmsVerdict.VALID else _("ЭЦП, not verified")
    if signature.method == SignatureMethod.PIN:
        return _("PIN")
    return _("password")


def signature_role(signature) -> str:
    return str(signature.get_competence_role_display() if signature.competence_role else signature.role_label)


def signature_mark(signature) -> str:
    """The textual mark that stands for a handwritten signature on the printed copy."""
    if signature is None:
        return ""
    return _("Signed electronically: %(name)s, %(role)s, %(when)s, %(method)s, SHA-256 %(hash)s") % {
        "name": signature.signer_name, "role": signature_role(signature), "when": when(signature.signed_at),
        "method": method_label(signature), "hash": signature.content_hash[:HASH_SHORT]}


def qr_for(path: str) -> tuple[str, str]:
    """The absolute address of a page of the application and its QR code (an SVG data: URI)."""
    url = settings.SITE_URL + path
    return url, qr_svg_data_uri(url)


def _css(text: str) -> str:
    """`text` as a CSS string for a <style> element of the template (css_string escapes quotes, `<`, `>` and `&`)."""
    return mark_safe(css_string(text))  # noqa: S308


def printed_at() -> str:
    return when(timezone.now())


def user_label(user) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return person.full_name if person is not None else (user.get_full_name() or user.get_username())


# --- The permit (Annex 1) -----------------------------------------------------------------------------------------------


def purpose_key(signature) -> str:
    """The purpose without the record type: "permits.permit.item8.1_approved" -> "item8.1_approved"."""
    return signature.purpose.split(".", 2)[-1]


class _Signatures:
    """A permit's signatures by what they are for: purpose, and the record or moment the act was about."""

    def __init__(self, obj):
        self.all = list(signatures_of(obj))
        self.by_purpose = defaultdict(list)
        for signature in self.all:
            content = json.loads(signature.content) if signature.content else {}
            signature.act = content.get("act", "") if isinstance(content, dict) else ""
            signature.about = content.get("about") if isinstance(content, dict) else None
            self.by_purpose[purpose_key(signature)].append(signature)

    def first(self, purpose: str):
        found = self.by_purpose.get(purpose)
        return found[0] if found else None

    def last(self, purpose: str):
        found = self.by_purpose.get(purpose)
        return found[-1] if found else None

    def about(self, purpose: str, obj):
        """The signature of `purpose` over the record `obj` (a measure, an approval, a crew member)."""
        for signature in self.by_purpose.get(purpose, []):
            about = signature.about
            if isinstance(about, dict) and about.get("type") == obj._meta.label_lower and about.get("id") == obj.pk:
                return signature
        return None

    def shift(self, purpose: str, shift_start):
        for signature in self.by_purpose.get(purpose, []):
            about = signature.about
            if isinstance(about, dict) and "shift_start" in about:
                try:
                    if datetime.datetime.fromisoformat(about["shift_start"]) == shift_start:
                        return signature
                except (TypeError, ValueError):
                    continue
        return None


@dataclass
class Filled:
    """A line of the form: the value written on it and the textual signature mark, if signed."""

    text: str = ""
    mark: str = ""
    note: str = ""

    @property
    def empty(self) -> bool:
        return not (self.text or self.mark or self.note)


def _signed(person_text: str, signature, *, at=None) -> Filled:
    """A person's line with the signature mark; the date comes with the mark (or from `at` when not signed)."""
    if signature is None and at is None:
        return Filled(text=person_text)
    if signature is None:
        return Filled(text=f"{person_text}, {when(at)}" if person_text else when(at))
    return Filled(text=person_text or signature.signer_name, mark=signature_mark(signature))


@dataclass
class MeasureItem:
    code: str
    heading: str
    hint: str
    entries: list = field(default_factory=list)  # (text, joint note)


def _permit(permit: Permit) -> Permit:
    """The permit fresh from the database with everything the form prints, in a fixed number of queries."""
    return (Permit.objects
            .select_related("organisation", "division", "facility", "work_type", "contractor", "certificate",
                            "performer__organisation", "performer__division", "performer__contractor",
                            "responsible_manager", "issuer", "replaces")
            .prefetch_related("admitting_persons", "devices",
                              Prefetch("measures", queryset=PermitMeasure.objects
                                       .select_related("done_by", "joint__agreed_by")
                                       .order_by("position", "id")),
                              "air_samples__measured_by", "approvals__approver",
                              "crew__person", "crew__briefed_by", "periods__admitted_by",
                              "extensions__handed_over_by", "extensions__accepted_by", "extensions__admitted_by",
                              "attachments")
            .get(pk=permit.pk))


def _replaced_by(permit: Permit):
    try:
        return permit.replaced_by
    except Permit.DoesNotExist:
        return None


def permit_status_banner(permit: Permit) -> str:
    """The words printed in large letters on every page, or "" for a permit in its normal life."""
    if permit.status == Status.DRAFT:
        return _("DRAFT — not valid for work")
    if permit.status in VOID_LIKE:
        return _("%(status)s — not valid for work") % {"status": Status(permit.status).label.upper()}
    return ""


def permit_context(permit: Permit, *, language: str) -> dict:
    """Everything the permit's template prints, formatted in `language` (call inside translation.override)."""
    form = form_wording(language)
    permit = _permit(permit)
    signatures = _Signatures(permit)
    number = permit.display_number if permit.number else DASH
    page_path = reverse("permits:detail", args=[permit.pk])
    url, qr = qr_for(page_path)

    item2_lines = [permit.place]
    equipment = permit.equipment or ", ".join(
        f"{d.name} ({d.registration_number})" if getattr(d, "registration_number", "") else d.name
        for d in permit.devices.all())
    if equipment:
        item2_lines.append(equipment)
    item2_lines.append(permit.scope_of_work)

    measures_by_code = defaultdict(list)
    for measure in permit.measures.all():
        measures_by_code[measure.code].append(measure)
    item5, item7 = [], []
    for code in MeasureCode.values:
        entry = MeasureItem(code=code, heading=form[code], hint=form[f"{code}_hint"])
        for index, measure in enumerate(measures_by_code.get(code, []), start=1):
            number_in_item = code if len(measures_by_code[code]) == 1 else f"{code}.{index}"
            joint = ""
            if measure.joint_id:
                joint = _("Joint measure agreed for several performers on one site (344 cl.7), %(when)s, %(by)s") % {
                    "when": when(measure.joint.agreed_at), "by": measure.joint.agreed_by.full_name}
            entry.entries.append({"number": number_in_item, "text": measure.text, "joint": joint})
            item7.append({
                "number": number_in_item, "text": measure.text,
                "done": _signed(person_line(measure.done_by), signatures.about("item7_measure_done", measure),
                                at=measure.done_at) if measure.done_at else Filled(),
            })
        item5.append(entry)
    samples = [{
        "place": s.place, "when": when(s.taken_at), "substance": s.substance,
        "value": f"{formats.localize(s.value.normalize())} {s.unit}",
        "limit": f"{formats.localize(s.limit.normalize())} {s.unit}",
        "passed": _("within the limit") if s.passed else _("ABOVE THE LIMIT"),
        "by": person_line(s.measured_by),
    } for s in permit.air_samples.all()]

    approvals = {ApprovalKind.SHIFT_SUPERVISOR: [], ApprovalKind.OTHER: []}
    for approval in permit.approvals.all():
        approvals.setdefault(approval.kind, []).append(_signed(
            person_line(approval.approver), signatures.about(f"item{approval.kind}_approved", approval),
            at=approval.approved_at) if approval.approved_at else Filled(text=person_line(approval.approver),
                                                                          note=_("not yet approved")))

    crew = []
    for member in permit.crew.all():
        note = _("left the crew %(when)s") % {"when": when(member.removed_at)} if member.removed_at else ""
        crew.append({
            "when": when(member.briefed_at or member.added_at), "name": member.person.full_name, "note": note,
            "received": signature_mark(signatures.about("item11_briefing_received", member)),
            "given": _signed(person_line(member.briefed_by), signatures.about("item11_briefing_given", member))
            if member.briefed_by_id else Filled(),
        })
    started = signatures.first("item11_work_started")
    crew_count = (started.about or {}).get("crew") if started and isinstance(started.about, dict) else None

    extensions, handovers = [], list(signatures.by_purpose.get("item12_shift_handed_over", []))
    previous = None
    for extension in permit.extensions.all():
        handover = next((s for s in reversed(handovers) if s.signed_at <= extension.extended_at
                         and (previous is None or s.signed_at > previous)), None)
        previous = extension.extended_at
        extensions.append({
            "when": when(extension.extended_at),
            "shift": span(extension.shift_start, extension.shift_end),
            "handed": _signed(person_line(extension.handed_over_by), handover) if extension.handed_over_by_id
            else Filled(),
            "count": extension.crew_count,
            "accepted": _signed(person_line(extension.accepted_by),
                                signatures.shift("item12_shift_accepted", extension.shift_start)),
            "permitted": _signed(person_line(extension.admitted_by),
                                 signatures.shift("item12_extended", extension.shift_start)),
        })

    handed_back = signatures.last("item13_handed_back")
    accepted_back = signatures.last("item13_accepted") or signatures.last("cl11_closed_by_issuer")
    closed_by_issuer = accepted_back is not None and purpose_key(accepted_back) == "cl11_closed_by_issuer"

    shown = {"item6_issued", "item7_measure_done", "item8_approved", "item8.1_approved", "item9_admitted",
             "item10_accepted", "item11_briefing_given", "item11_briefing_received", "item11_work_started",
             "item12_shift_handed_over", "item12_extended", "item12_shift_accepted", "item13_handed_back",
             "item13_accepted", "cl11_closed_by_issuer"}
    other_acts = [{"when": when(s.signed_at), "act": str(Act(s.act).label) if s.act in Act.values else s.purpose,
                   "mark": signature_mark(s)}
                  for s in signatures.all if purpose_key(s) not in shown]

    periods = [{"kind": PeriodKind(p.kind).label, "span": span(p.started_at, p.ended_at),
                "by": person_line(p.admitted_by)} for p in permit.periods.all()]
    attachments = [{"kind": a.get_kind_display(), "title": a.title, "filename": a.filename,
                    "sha": a.sha256[:HASH_SHORT]} for a in permit.attachments.all()]

    status_note = ""
    if permit.status == Status.TERMINATED:
        status_note = _("Terminated %(when)s: %(reason)s. %(note)s") % {
            "when": when(permit.ended_at), "reason": permit.get_termination_reason_display(), "note": permit.end_note}
    elif permit.status in (Status.VOID, Status.CANCELLED):
        status_note = _("%(status)s %(when)s: %(note)s") % {
            "status": Status(permit.status).label, "when": when(permit.ended_at), "note": permit.end_note}
    replaced_by = _replaced_by(permit)

    issuer_signature = signatures.first("item6_issued")
    admitting_signature = signatures.first("item9_admitted")
    admitting_person = admitting_signature.signer_person if admitting_signature else None
    accepting_signature = signatures.first("item10_accepted")

    return {
        "form": form,
        "permit": permit,
        "number": number,
        "title": form["permit_title"] % {"number": number},
        "status": Status(permit.status).label,
        "banner": permit_status_banner(permit),
        "banner_css": _css(permit_status_banner(permit)),
        "status_note": status_note,
        "replaces": permit.replaces.display_number if permit.replaces_id else "",
        "replaced_by": replaced_by.display_number if replaced_by and replaced_by.number else "",
        "organisation": permit.organisation.name,
        "site_workshop": ", ".join(n for n in (permit.organisation.name, permit.division.name) if n),
        "contractor": permit.contractor.name if permit.contractor_id else "",
        "certificate": str(permit.certificate) if permit.certificate_id else "",
        "work_type": permit.work_type.name,
        "planned": span(permit.planned_start, permit.planned_end),
        "validity": permit.get_validity_display(),
        "url": url,
        "qr": qr,
        "copies": [_("Copy %(number)s") % {"number": n} for n in range(1, COPIES + 1)],
        "item1": person_line(permit.performer, workplace=True),
        "item2": [line for line in item2_lines if line],
        "item3": [person_line(p) for p in permit.admitting_persons.all()],
        "item4": person_line(permit.responsible_manager),
        "item5": item5,
        "samples": samples,
        "item6": _signed(person_line(permit.issuer), issuer_signature),
        "item7": [m for m in item7 if not m["done"].empty],
        "item8": approvals.get(ApprovalKind.SHIFT_SUPERVISOR, []),
        "item8_1": approvals.get(ApprovalKind.OTHER, []),
        "item9": _signed(person_line(admitting_person), admitting_signature),
        "item10": _signed(person_line(accepting_signature.signer_person) if accepting_signature else "",
                          accepting_signature),
        "crew": crew,
        "started": {
            "text": form["item11_started"] % {"count": crew_count if crew_count is not None else DASH},
            "when": when(permit.started_at),
            "by": _signed(person_line(started.signer_person) if started and started.signer_person else "", started),
        },
        "extensions": extensions,
        "item13": {
            "completed": when(permit.completed_at),
            "handed": _signed(person_line(handed_back.signer_person) if handed_back and handed_back.signer_person
                              else "", handed_back),
            "accepted": _signed(person_line(accepted_back.signer_person) if accepted_back and
                                accepted_back.signer_person else "", accepted_back),
            "closed_by_issuer": closed_by_issuer,
        },
        "other_acts": other_acts,
        "periods": periods,
        "attachments": attachments,
        "printed_at": printed_at(),
        "dash": DASH,
    }


def permit_pdf(permit: Permit, *, language: str) -> bytes:
    """Annex 1 in `language`, in two copies (344 cl.5), each from a new page, with the QR code of its live page."""
    form_wording(language)
    with translation.override(language):
        context = permit_context(permit, language=language)
        return render_pdf(template="permits/print/permit.html", context=context, language=language)


# --- The register (Annex 2) ---------------------------------------------------------------------------------------------


def register_queryset(*, organisation, year: int):
    """The numbered permits of an organisation's year in number order (the order received, 344 cl.13 note), with
    their issuer, work type and admission periods: three queries however many permits there are."""
    periods = AdmissionPeriod.objects.order_by("started_at", "id")
    return (Permit.objects.filter(organisation=organisation, year=year, number__isnull=False)
            .select_related("issuer", "work_type")
            .prefetch_related(Prefetch("periods", queryset=periods))
            .order_by("number"))


@dataclass
class RegisterRow:
    number: int
    display_number: str
    initial: list[str]
    readmissions: list[str]
    issuer: str
    nature: str
    status: str
    marked: str  # the status printed in the row: only for the permits that ended without being closed


def register_rows(*, organisation, year: int) -> list[RegisterRow]:
    """Annex 2's rows, formatted in the active language."""
    rows = []
    for permit in register_queryset(organisation=organisation, year=year):
        periods = list(permit.periods.all())
        rows.append(RegisterRow(
            number=permit.number,
            display_number=permit.display_number,
            initial=[span(p.started_at, p.ended_at) for p in periods if p.kind == PeriodKind.INITIAL],
            readmissions=[span(p.started_at, p.ended_at) for p in periods if p.kind == PeriodKind.READMISSION],
            issuer=person_line(permit.issuer),
            nature=f"{permit.work_type.name}: {permit.scope_of_work} ({permit.place})",
            status=str(Status(permit.status).label),
            marked=str(Status(permit.status).label) if permit.status in ENDED_STATUSES - {Status.CLOSED} else "",
        ))
    return rows


def _chain_head(organisation) -> ChainHead | None:
    return ChainHead.objects.filter(organisation=organisation).first()


def register_context(*, organisation, year: int, language: str, user=None) -> dict:
    form = form_wording(language)
    rows = register_rows(organisation=organisation, year=year)
    head = _chain_head(organisation)
    laced = _("Laced and numbered: %(pages)s pages")
    before, _placeholder, after = laced.partition("%(pages)s")
    return {
        "form": form,
        "organisation": organisation.name,
        "year": year,
        "rows": rows,
        "first_number": rows[0].display_number if rows else "",
        "last_number": rows[-1].display_number if rows else "",
        "laced_before": before,
        "laced_after": after,
        "chain_seq": head.seq if head else 0,
        "chain_hash": head.entry_hash if head else GENESIS_HASH,
        "printed_at": printed_at(),
        "printed_by": user_label(user),
        "dash": DASH,
    }


def register_pdf(*, organisation, year: int, language: str, user=None) -> bytes:
    """Annex 2 for one organisation and year, landscape A4, every page numbered out of the total, with the ledger's
    chain head at the time of printing so that the printed book can be checked against the ledger later."""
    form_wording(language)
    with translation.override(language):
        context = register_context(organisation=organisation, year=year, language=language, user=user)
        return render_pdf(template="permits/print/register.html", context=context, language=language)


def register_xlsx(*, organisation, year: int, language: str, user=None) -> bytes:
    """Annex 2 as a spreadsheet: the same rows and columns as the PDF, plus the status; a second sheet says what the
    register is and the ledger's chain head at the time of export."""
    form = form_wording(language)
    with translation.override(language):
        rows = register_rows(organisation=organisation, year=year)
        header = [form["register_initial"], form["register_readmission"], form["register_number"],
                  form["register_issuer"], form["register_nature"], _("Status")]
        workbook = table_workbook(
            f"{year}", header,
            (["\n".join(r.initial), "\n".join(r.readmissions), r.display_number, r.issuer, r.nature, r.status]
             for r in rows))
        head = _chain_head(organisation)
        about = workbook.create_sheet(title=_("About")[:31])
        for line in (
            [form["register_title"]],
            [form["organisation_hint"], organisation.name],
            [_("Year"), year],
            [_("Permits"), len(rows)],
            [_("Ledger chain head at the time of printing"), head.seq if head else 0,
             head.entry_hash if head else GENESIS_HASH],
            [_("Printed"), printed_at(), user_label(user)],
            [form["register_note"]],
        ):
            about.append(line)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


# --- The admission certificate (Annex 3) --------------------------------------------------------------------------------


def _certificate_signature(person, signature) -> Filled:
    if signature is None:
        return Filled(text=person_line(person), note=_("not signed yet"))
    return _signed(person_line(person), signature)


def certificate_context(certificate: AdmissionCertificate, *, language: str) -> dict:
    form = form_wording(language)
    certificate = (AdmissionCertificate.objects
                   .select_related("organisation", "division", "shop_head", "contractor", "contractor_rep")
                   .prefetch_related("measures").get(pk=certificate.pk))
    signatures = _Signatures(certificate)
    banner = ""
    if certificate.status == CertificateStatus.DRAFT:
        banner = _("DRAFT — not valid for work")
    elif certificate.status == CertificateStatus.CANCELLED:
        banner = _("%(status)s — not valid for work") % {"status": certificate.get_status_display().upper()}
    return {
        "form": form,
        "certificate": certificate,
        "title": str(certificate),
        "organisation": certificate.organisation.name,
        "division": certificate.division.name,
        "drawn_up_on": day(certificate.drawn_up_on),
        "status": certificate.get_status_display(),
        "banner": banner,
        "banner_css": _css(banner),
        "shop_head": person_line(certificate.shop_head),
        "contractor": certificate.contractor.name,
        "contractor_rep": person_line(certificate.contractor_rep),
        "starts_on": day(certificate.starts_on),
        "ends_on": day(certificate.ends_on),
        "measures": [{"number": m.number, "text": m.text, "deadline": day(m.deadline), "executor": m.executor}
                     for m in certificate.measures.all()],
        "shop_signature": _certificate_signature(certificate.shop_head, signatures.last("annex3_shop_head")),
        "rep_signature": _certificate_signature(certificate.contractor_rep, signatures.last("annex3_contractor")),
        "printed_at": printed_at(),
        "dash": DASH,
    }


def certificate_pdf(certificate: AdmissionCertificate, *, language: str) -> bytes:
    """Annex 3 in `language`: the site handed over, the work, the period, the measures table and both signatures."""
    form_wording(language)
    with translation.override(language):
        context = certificate_context(certificate, language=language)
        return render_pdf(template="permits/print/certificate.html", context=context, language=language)
