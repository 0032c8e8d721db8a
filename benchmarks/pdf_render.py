"""How long a printed form takes to render, and how much memory it takes: a 3-page document, 20 times.

    .venv/bin/python benchmarks/pdf_render.py [--renders 20] [--language kk]

Not part of the test suite. Two passes: the first times the renders as they run in production; the second repeats
them under tracemalloc (which slows Python down) for the peak of Python allocations per render. Pango's and
fontconfig's own memory is outside tracemalloc's view: the process's peak resident size is printed beside it.
"""

import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")  # test defaults: no secret key or database needed
# The test settings would otherwise leave a data directory behind in /tmp at every run.
_DATA_DIR = tempfile.TemporaryDirectory(prefix="qauipsiz-bench-")
os.environ.setdefault("QAUIPSIZ_DATA_DIR", _DATA_DIR.name)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from qauipsiz.documents.render import qr_svg_data_uri, render_pdf  # noqa: E402

# A register-like form: a header, numbered items, a QR code, and a table long enough to run over three pages.
TEMPLATE = """{% extends "documents/base_print.html" %}
{% block title %}Benchmark{% endblock %}
{% block organisation %}«Батыс мұнай өңдеу» АҚ{% endblock %}
{% block meta %}№ 2026-0412 · 05.03.2026{% endblock %}
{% block doc_title %}Жұмыс орындауға рұқсат-наряд{% endblock %}
{% block footer_caption %}ҚР ТЖМ 2020 жылғы № 344 бұйрығы, 1-қосымша{% endblock %}
{% block content %}
<img class="qr" src="{{ qr }}" alt="">
<ol class="items">
  <li>Жұмыс орны: Шикізат қондырғысы, Р-101 резервуары<ol><li>Қауіпті факторлар: газ, биіктік</li></ol></li>
  <li>Қауіпсіздік шаралары: ә ғ қ ң ө ұ ү һ і</li>
</ol>
<table class="form">
  <thead><tr><th class="num">№</th><th>Аты-жөні</th><th>ЖСН</th><th>Лауазымы</th><th>Қолы</th></tr></thead>
  <tbody>{% for row in rows %}
    <tr><td class="num"></td><td>{{ row.name }}</td><td>{{ row.iin }}</td><td class="value">{{ row.post }}</td><td></td></tr>
  {% endfor %}</tbody>
</table>
<div class="signature"><span class="blank"></span><span class="caption">Рұқсат беруші</span></div>
{% endblock %}
"""
ROWS = 62  # three A4 pages with the stylesheet as it is; checked below


def use_benchmark_template():
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{
        **engine,
        "APP_DIRS": False,
        "OPTIONS": {**engine["OPTIONS"], "loaders": [
            ("django.template.loaders.locmem.Loader", {"benchmark/form.html": TEMPLATE}),
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ]},
    }]


def context():
    posts = ["Дәнекерлеуші", "Слесарь-жөндеуші", "", "Газ сынамасын алушы"]
    return {
        "qr": qr_svg_data_uri("https://qauipsiz.example.kz/kk/permits/2026-0412/"),
        "rows": [{"name": f"Әлібеков Ұлан Қайратұлы {i}", "iin": f"{880101300000 + i}", "post": posts[i % len(posts)]}
                 for i in range(1, ROWS + 1)],
    }


def page_count(pdf: bytes) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:  # pypdf is a dev dependency
        return None
    return len(PdfReader(io.BytesIO(pdf)).pages)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--language", default="kk", choices=[code for code, _ in settings.LANGUAGES])
    args = parser.parse_args()
    use_benchmark_template()
    data = context()

    def render() -> bytes:
        return render_pdf(template="benchmark/form.html", context=data, language=args.language)

    started = time.perf_counter()
    pdf = render()  # the first render also loads the templates, the stylesheet's parser and the fonts' code
    first = time.perf_counter() - started
    pages = page_count(pdf)
    print(f"document: {pages if pages is not None else '?'} pages, {len(pdf) / 1024:.0f} KiB, language {args.language}")
    if pages not in (3, None):
        print(f"WARNING: expected 3 pages, got {pages}: adjust ROWS")
    print(f"first render (cold): {first * 1000:.0f} ms")

    times = []
    for _ in range(args.renders):
        started = time.perf_counter()
        render()
        times.append(time.perf_counter() - started)
    ms = sorted(t * 1000 for t in times)
    print(f"{args.renders} renders: mean {statistics.mean(ms):.0f} ms, median {statistics.median(ms):.0f} ms, "
          f"min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms per render")

    peaks = []
    tracemalloc.start()
    for _ in range(args.renders):
        tracemalloc.reset_peak()
        baseline = tracemalloc.get_traced_memory()[0]
        render()
        peaks.append(tracemalloc.get_traced_memory()[1] - baseline)
    retained = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    mib = 1024 * 1024
    print(f"peak Python memory per render (tracemalloc): max {max(peaks) / mib:.1f} MiB, "
          f"median {statistics.median(peaks) / mib:.1f} MiB; still allocated after the renders: {retained / mib:.1f} MiB")
    print(f"process peak resident size: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
