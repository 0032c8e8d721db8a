"""How long the preview of a register import takes (issue 11: 16.7 s for 1,500 rows), and how many queries it runs.

    .venv/bin/python benchmarks/import_preview.py [--rows 1500] [--repeat 3] [--only people|trainings]

Not part of the test suite. It builds a throwaway SQLite database with an organisation like a plant's (a dozen
divisions, contractors, half the people of the file already on the register) and a 1,500-row XLSX of people and one
of trainings, each with a few bad rows, then posts each file to the import page as a production-control official would
and times the answer (reading the file, checking every row, the first page of the preview). It prints the median wall
time, the queries of one preview, and the time `plan_import` alone takes.
"""

import argparse
import datetime
import os
import statistics
import time

import _scratch  # noqa: F401 (Django on a scratch database, before anything of Django is imported)
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core import models
from qauipsiz.core.importers import SPECS, plan_import, read_table


def build(rows: int):
    """The organisation, an official who imports, and the two files."""
    from tests import factories as f

    call_command("migrate", verbosity=0)
    org = f.organisation("«Қауіпсіз Мұнай» ЖШС")
    divisions = [f.division(org, f"Цех №{n}", code=f"C{n:02d}") for n in range(1, 13)]
    contractors = [f.contractor(org, f"Мердігер {n} ЖШС") for n in range(1, 4)]
    user = f.user(Role.PC_OFFICIAL, org)
    for code in ("industrial_safety", "work_at_height", "electrical_safety"):
        f.training_type(code)
    on_register = []
    people_rows = [["ИИН", "Фамилия", "Имя", "Отчество", "Должность", "Подразделение", "Подрядчик"]]
    for n in range(rows):
        iin = f.iin(birth=datetime.date(1970 + n % 30, 1 + n % 12, 1 + n % 28))
        division = divisions[n % len(divisions)]
        if n % 2:
            person = models.Person.objects.create(organisation=org, division=division, iin=iin,
                                                  last_name=f"Фамилия{n}", first_name="Ерлан")
            on_register.append(person)
        if n % 97 == 5:
            iin = iin[:-1] + str((int(iin[-1]) + 1) % 10)  # a wrong check digit
        contractor = contractors[n % 3].name_en if n % 5 == 0 else ""
        people_rows.append([iin, f"Фамилия{n}", "Ерлан", "Серікұлы", "Оператор",
                            "Нет такого" if n % 131 == 7 else division.code, contractor])
    training_rows = [["ИИН", "Вид обучения", "Номер документа", "Дата прохождения", "Действительно до"]]
    for n in range(rows):
        person = on_register[n % len(on_register)]
        training_rows.append([person.iin, ("industrial_safety", "work_at_height")[n % 2], f"PB-{n}",
                              datetime.date(2026, 1, 10), datetime.date(2027, 1, 10) if n % 89 else None])
    return org, user, {"people": f.xlsx_bytes(people_rows), "trainings": f.xlsx_bytes(training_rows)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=list(SPECS))
    args = parser.parse_args()
    started = time.perf_counter()
    org, user, files = build(args.rows)
    print(f"database built in {time.perf_counter() - started:.1f} s; {args.rows} rows a file, "
          f"{args.repeat} previews each, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}", flush=True)
    setup_test_environment()  # the test client's host, and the response's context to count the rows
    client = Client()
    client.force_login(user)
    for slug, data in files.items():
        if args.only and slug != args.only:
            continue
        walls = []
        queries: list[str] = []

        def count(execute, sql, *rest, queries=queries):
            queries.append(sql)
            return execute(sql, *rest)

        for _ in range(args.repeat):
            upload = SimpleUploadedFile(f"{slug}.xlsx", data)
            queries.clear()
            started = time.perf_counter()
            with connection.execute_wrapper(count), translation.override("ru"):
                response = client.post(reverse("core:import", args=[slug]), {"file": upload})
            walls.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        plan = response.context["plan"]
        table = read_table(data, f"{slug}.xlsx")
        started = time.perf_counter()
        plan_import(user=user, spec=SPECS[slug], organisation=org, table=table)
        planning = time.perf_counter() - started
        counts = ", ".join(f"{plan.count(action)} {word}" for action, word in (
            ("create", "new"), ("update", "to update"), ("unchanged", "unchanged"), ("reject", "rejected")))
        print(f"{slug:<10} {len(plan.rows):>5} rows ({counts}) | preview median {statistics.median(walls):6.2f} s, "
              f"min {min(walls):6.2f} s | {len(queries):>5} queries | plan_import alone {planning:6.2f} s | "
              f"page {len(response.content) / 1024:.0f} KiB", flush=True)

if __name__ == "__main__":
    main()
