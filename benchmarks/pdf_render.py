"""How long the printed forms take: the permit of two copies (Annex 1), the register (Annex 2) and the admission
certificate (Annex 3), rendered from a database like a plant's, median and p95 of CPU and wall time.

    .venv/bin/python benchmarks/pdf_render.py [--renders 20] [--language kk] [--register-permits 60]

Not part of the test suite. It builds a throwaway SQLite database with the test suite's site (tests/permits/conftest.py)
and works one permit through its whole life as tests/permits/test_documents.py does (joint measures, an attachment,
every measure and approval signed, an air sample, crew briefing, a break and re-admission, a night-shift extension,
hand-back and closure), plus enough issued permits for a register of several pages. Then it times the public
functions the views call (permit_pdf, register_pdf, certificate_pdf), so it measures whatever engine they use.

CPU time is the process's (every thread, so an engine's worker threads count); wall time is the clock on the wall.
The first render of each document is reported apart: it loads templates and fonts once per process.

Typst remembers the layout of what did not change since the last document (a reprint costs little), so by default
every render changes every heading of the form (the Order's wording gets the render's number appended): each render
lays the whole document out anew, as a different permit would. --same-text times plain reprints instead.
"""

import argparse
import io
import os
import statistics
import time

import _scratch  # noqa: F401 (Django on a scratch database, before anything of Django is imported)
import time_machine
from django.conf import settings
from django.core.management import call_command

from qauipsiz.permits.documents import certificate_pdf, permit_pdf, register_pdf
from qauipsiz.permits.documents.wording import FORM_WORDING

ORIGINAL_WORDING = {language: dict(words) for language, words in FORM_WORDING.items()}


def change_every_heading(render_number: int) -> None:
    """Every heading, hint and column title of the forms with the render's number appended (placeholders kept)."""
    for language, words in ORIGINAL_WORDING.items():
        FORM_WORDING[language].update({key: f"{text} {render_number}" if text else text for key, text in words.items()})


def build(register_permits: int):
    """The site, the permit worked through its life, a certificate and `register_permits` more issued permits."""
    from tests.permits.conftest import START, make_site
    from tests.permits.test_documents import Scenario, _certificate, _work_a_permit_through

    call_command("migrate", verbosity=0)
    with time_machine.travel(START, tick=False) as clock:
        site = make_site("«Қауіпсіз Мұнай» ЖШС")
        permit = _work_a_permit_through(site, clock, Scenario())
        certificate = _certificate(site)
        for index in range(register_permits):
            site.issued(place=f"Тауар паркі, Р-{index + 1} резервуары", devices=[], approvers=[])
    return site, permit, certificate


def page_count(pdf: bytes) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:  # pypdf is a dev dependency
        return None
    return len(PdfReader(io.BytesIO(pdf)).pages)


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile: the value below which `fraction` of the renders fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


def measure(name: str, render, renders: int, *, same_text: bool) -> dict:
    started_wall, started_cpu = time.perf_counter(), time.process_time()
    pdf = render()
    first = (time.perf_counter() - started_wall, time.process_time() - started_cpu)
    walls, cpus = [], []
    for number in range(renders):
        if not same_text:
            change_every_heading(number)
        started_wall, started_cpu = time.perf_counter(), time.process_time()
        render()
        walls.append((time.perf_counter() - started_wall) * 1000)
        cpus.append((time.process_time() - started_cpu) * 1000)
    pages = page_count(pdf)
    result = {
        "name": name, "pages": pages, "kib": len(pdf) / 1024, "first_ms": first[0] * 1000,
        "wall_median": statistics.median(walls), "wall_p95": percentile(walls, 0.95),
        "cpu_median": statistics.median(cpus), "cpu_p95": percentile(cpus, 0.95),
    }
    print(f"{name:<12} {pages if pages is not None else '?':>3} pages {result['kib']:6.0f} KiB | "
          f"wall median {result['wall_median']:7.0f} ms  p95 {result['wall_p95']:7.0f} ms | "
          f"CPU median {result['cpu_median']:7.0f} ms  p95 {result['cpu_p95']:7.0f} ms | "
          f"first {result['first_ms']:.0f} ms", flush=True)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--language", default="kk", choices=[code for code, _ in settings.LANGUAGES])
    parser.add_argument("--register-permits", type=int, default=60,
                        help="issued permits added to the register besides the scenario's (default 60)")
    parser.add_argument("--same-text", action="store_true", help="reprint the same documents (no heading changed)")
    args = parser.parse_args()
    started = time.perf_counter()
    site, permit, certificate = build(args.register_permits)
    print(f"database built in {time.perf_counter() - started:.1f} s; {args.renders} renders each, "
          f"language {args.language}, {'the same text' if args.same_text else 'every heading changed'} each time, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}", flush=True)
    options = {"renders": args.renders, "same_text": args.same_text}
    measure("permit", lambda: permit_pdf(permit, language=args.language), **options)
    measure("register", lambda: register_pdf(organisation=site.org, year=2026, language=args.language,
                                             user=site.issuer.user), **options)
    measure("certificate", lambda: certificate_pdf(certificate, language=args.language), **options)


if __name__ == "__main__":
    main()
