"""Server-side SVG charts of "Permit analytics" (issue 11): no JavaScript library and no CDN.

Each chart is one `<svg role="img">` with a `<title>` and `<desc>`, labelled axes and a legend; every bar, segment and
point carries its own `<title>` (the browser shows it on hover, a screen reader reads it), and the same figures are
in a table under the chart. The drawing is in a `viewBox`, so it scales to the width of the page (800 px tablets and
1280 px screens alike) and the text stays in proportion. The colours are the Okabe-Ito set, told apart by readers of
every kind of colour blindness, in the order of the legend and of the stack (bottom first); the app's accent blue
leads it. Numbers are written with the reader's decimal separator (`plain_number`), months as mm.yyyy.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from qauipsiz.formats import plain_number

from .choices import Status

WIDTH, HEIGHT = 760, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 16, 56
LEGEND_ROW = 20
LEGEND_CHARS = 48
INK, MUTED, LINE = "#1d2630", "#5f6b76", "#d5dbe1"
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
OTHER_COLOUR = "#999999"
# The states in colours near their badges (app.css): blue when issued, green while working, orange and vermilion when
# work stands still, greys when it is over.
STATE_COLOURS = {
    Status.DRAFT: "#cfd6dc", Status.ISSUED: "#56b4e9", Status.ADMITTED: "#009e73", Status.IN_PROGRESS: "#0072b2",
    Status.PAUSED: "#cc79a7", Status.SUSPENDED: "#e69f00", Status.LAPSED: "#d55e00", Status.COMPLETED: "#f0e442",
    Status.CLOSED: "#5f6b76", Status.TERMINATED: "#000000", Status.VOID: "#882255", Status.CANCELLED: "#999999",
}


def month_label(month) -> str:
    return month.strftime("%m.%Y")


def colours_for(series: list[dict], *, states: bool = False) -> list[str]:
    if states:
        return [STATE_COLOURS.get(s["key"], OTHER_COLOUR) for s in series]
    return [OTHER_COLOUR if s["key"] == "other" else PALETTE[i % len(PALETTE)] for i, s in enumerate(series)]


def _scale(value: float, *, whole: bool) -> tuple[float, float]:
    """The top of the value axis and the step of its grid: a round step (1, 2 or 5 times a power of ten) giving at
    most five lines; counts (`whole`) step by whole numbers, so the axis never reads "0,5 permits"."""
    step = 1 if whole else 0.1
    while True:
        for factor in (1, 2, 5):
            if value <= step * factor * 5:
                step *= factor
                top = step * max(1, -(-value // step))
                return top, step
        step *= 10


def _ticks(top: float, step: float) -> list[float]:
    return [round(step * i, 6) for i in range(int(round(top / step)) + 1)]


def _frame(title: str, desc: str, legend_rows: int, body: list[str]) -> SafeString:
    height = HEIGHT + legend_rows * LEGEND_ROW
    head = format_html('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {} {}" '
                       'preserveAspectRatio="xMidYMid meet" font-size="13" font-family="DejaVu Sans, Noto Sans, '
                       'Arial, sans-serif" fill="{}"><title>{}</title><desc>{}</desc>',
                       WIDTH, height, INK, title, desc)
    return format_html("{}{}</svg>", head, _join(body))


def _join(parts: list) -> SafeString:
    """Pieces drawn by `format_html`, together (each escaped again unless it is already safe)."""
    return format_html_join("", "{}", ((part,) for part in parts))


def _axes(top: float, step: float, labels: list[str], x_label: str, y_label: str) -> list[str]:
    """The value grid with its numbers, the category names under the plot, and both axis labels."""
    plot_h = HEIGHT - TOP - BOTTOM
    out = []
    for tick in _ticks(top, step):
        y = TOP + plot_h - plot_h * tick / top
        out.append(format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1"/>',
                               LEFT, WIDTH - RIGHT, _n(y), _n(y), LINE))
        out.append(format_html('<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>',
                               LEFT - 6, _n(y + 4), MUTED, plain_number(round(tick, 1))))
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    # Thin out the category names when they would run into each other (36 months on a tablet).
    every = max(1, -(-len(labels) * 56 // (WIDTH - LEFT - RIGHT)))
    for i, label in enumerate(labels):
        if i % every:
            continue
        out.append(format_html('<text x="{}" y="{}" text-anchor="middle" fill="{}" font-size="12">{}</text>',
                               _n(LEFT + slot * (i + .5)), HEIGHT - BOTTOM + 16, MUTED, label))
    out.append(format_html('<text x="{}" y="{}" text-anchor="middle">{}</text>',
                           _n(LEFT + (WIDTH - LEFT - RIGHT) / 2), HEIGHT - BOTTOM + 38, x_label))
    out.append(format_html('<text x="14" y="{}" text-anchor="middle" transform="rotate(-90 14 {})">{}</text>',
                           _n(TOP + plot_h / 2), _n(TOP + plot_h / 2), y_label))
    return out


def _legend(items: list[tuple[str, str]], *, lines: bool = False) -> tuple[int, list[str]]:
    """Swatches and names under the chart, wrapped into rows; returns the number of rows too. A name too long for a
    row is cut, whole in its `<title>` and in the table. Lines (`lines`) show their dash and mark as drawn."""
    out, x, row = [], LEFT, 0
    for number, (colour, label) in enumerate(items):
        shown = label if len(label) <= LEGEND_CHARS else label[:LEGEND_CHARS - 1] + "…"
        width = 22 + 8 * len(shown) + 18
        if x + width > WIDTH - RIGHT and x > LEFT:
            x, row = LEFT, row + 1
        y = HEIGHT + row * LEGEND_ROW
        if not lines:
            swatch = format_html('<rect x="{}" y="{}" width="14" height="14" fill="{}" stroke="{}"/>',
                                 x, y - 11, colour, INK)
        elif number == 0:
            swatch = format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2"/>'
                                 '<circle cx="{}" cy="{}" r="4" fill="{}"/>', x - 4, x + 18, y - 4, y - 4, colour,
                                 x + 7, y - 4, colour)
        else:
            swatch = format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2" '
                                 'stroke-dasharray="6 3"/><rect x="{}" y="{}" width="10" height="10" fill="none" '
                                 'stroke="{}" stroke-width="2"/>', x - 4, x + 18, y - 4, y - 4, colour, x + 2, y - 9,
                                 colour)
        out.append(format_html('<g class="legend-item"><title>{}</title>{}<text x="{}" y="{}">{}</text></g>', label,
                               swatch, x + 24, y, shown))
        x += width
    return row + 1 if items else 0, out


def _n(value: float) -> str:
    return f"{value:.1f}"


def stacked_bars(*, title: str, desc: str, categories: list[str], series: list[dict], colours: list[str],
                 x_label: str, y_label: str) -> SafeString:
    """Bars per category, each stacked of the series' values (bottom first); a `<title>` on each segment and bar."""
    totals = [sum(s["values"][i] for s in series) for i in range(len(categories))]
    top, step = _scale(max(totals, default=0), whole=True)
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    bar = slot * .7
    body = _axes(top, step, categories, x_label, y_label)
    for i, category in enumerate(categories):
        x, base = LEFT + slot * i + (slot - bar) / 2, TOP + plot_h
        segments = []
        for s, colour in zip(series, colours, strict=True):
            value = s["values"][i]
            if not value:
                continue
            h = plot_h * value / top
            base -= h
            segments.append(format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#fff" stroke-width="0.5">'
                '<title>{}: {} — {}</title></rect>', _n(x), _n(base), _n(bar), _n(h), colour, category, s["label"],
                plain_number(value)))
        body.append(format_html('<g class="bar"><title>{}: {}</title>{}</g>', category, plain_number(totals[i]),
                                _join(segments)))
    rows, legend = _legend([(c, s["label"]) for s, c in zip(series, colours, strict=True)])
    return _frame(title, desc, rows, body + legend)


def lines(*, title: str, desc: str, categories: list[str], series: list[dict], colours: list[str], x_label: str,
          y_label: str, unit: str) -> SafeString:
    """A line per series over the categories, a marked point (with its `<title>`) per value; a gap where none."""
    values = [v for s in series for v in s["values"] if v is not None]
    top, step = _scale(max(values, default=0), whole=False)
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    body = _axes(top, step, categories, x_label, y_label)
    for number, (s, colour) in enumerate(zip(series, colours, strict=True)):
        points, path = [], []
        for i, value in enumerate(s["values"]):
            if value is None:
                path.append(None)
                continue
            x, y = LEFT + slot * (i + .5), TOP + plot_h - plot_h * value / top
            path.append((x, y))
            # Hollow squares for the second series, dashed: the two tell apart without their colours, and a median
            # equal to the 90th percentile still shows inside its square.
            tip = format_html("<title>{}: {} — {} {}</title>", categories[i], s["label"], plain_number(value), unit)
            points.append(format_html('<circle cx="{}" cy="{}" r="4" fill="{}">{}</circle>', _n(x), _n(y), colour, tip)
                          if number == 0 else
                          format_html('<rect x="{}" y="{}" width="10" height="10" fill="none" stroke="{}" '
                                      'stroke-width="2" pointer-events="all">{}</rect>', _n(x - 5), _n(y - 5), colour,
                                      tip))
        runs, run = [], []
        for point in [*path, None]:
            if point is None:
                if len(run) > 1:
                    runs.append(run)
                run = []
            else:
                run.append(point)
        for run in runs:
            d = " ".join(f"{'M' if j == 0 else 'L'}{_n(x)},{_n(y)}" for j, (x, y) in enumerate(run))
            body.append(format_html('<path d="{}" fill="none" stroke="{}" stroke-width="2" stroke-dasharray="{}"/>',
                                    d, colour, "none" if number == 0 else "6 3"))
        body.append(format_html('<g class="series">{}</g>', _join(points)))
    rows, legend = _legend([(c, s["label"]) for s, c in zip(series, colours, strict=True)], lines=True)
    return _frame(title, desc, rows, body + legend)



def hours_bin_label(low, high) -> str:
    if high is None:
        return _("≥ %(low)s h") % {"low": plain_number(low)}
    return _("%(low)s–%(high)s h") % {"low": plain_number(low), "high": plain_number(high)}


def _table(head: list[str], rows: list[list]) -> dict:
    return {"head": head, "rows": rows}


def page_charts(figures: dict) -> list[dict]:
    """The page's charts, in its order: each with its heading, its SVG and the same figures as a table."""
    months = [month_label(m) for m in figures["months"]]
    month_head = _("Month")
    x_month, y_permits = _("Month (local time)"), _("Permits")
    charts = []
    for key, heading, desc, series, states in (
            ("state", _("Permits by state"),
             _("Permits drawn up each month, stacked by the state each is in now, as the list of permits counts it."),
             figures["by_state"], True),
            ("work-type", _("Permits by work type"),
             _("Permits drawn up each month, stacked by work type: the most frequent ones and the others together."),
             figures["by_work_type"], False),
            ("division", _("Permits by division"),
             _("Permits drawn up each month, stacked by site or workshop: the most frequent ones and the others "
               "together."), figures["by_division"], False)):
        svg = stacked_bars(title=heading, desc=desc, categories=months, series=series,
                           colours=colours_for(series, states=states), x_label=x_month, y_label=y_permits)
        head = [month_head, *(s["label"] for s in series), _("Total")]
        rows = [[month, *(s["values"][i] for s in series), sum(s["values"][i] for s in series)]
                for i, month in enumerate(months)]
        charts.append({"key": key, "heading": heading, "desc": desc, "svg": svg, "table": _table(head, rows)})
    lapses = figures["lapses"]
    heading = _("Lapses per month (344 cl.6)")
    desc = _("Permits that lapsed because they were not extended for the shift, by the month they lapsed in.")
    series = [{"key": "lapses", "label": _("Lapsed permits"), "values": lapses}]
    charts.append({"key": "lapses", "heading": heading, "desc": desc, "svg": stacked_bars(
        title=heading, desc=desc, categories=months, series=series, colours=[STATE_COLOURS[Status.LAPSED]],
        x_label=x_month, y_label=_("Lapses")),
        "table": _table([month_head, _("Lapsed permits")], [[m, n] for m, n in zip(months, lapses, strict=True)])})
    admission = figures["admission"]
    hours = _("Hours")
    heading = _("Time from issue to admission")
    desc = _("Hours from the issue of each permit to the admission of its crew (item 9), by the month of the "
             "admission: the median and the 90th percentile.")
    series = [{"key": "median", "label": _("Median"), "values": admission["median_hours"]},
              {"key": "p90", "label": _("90th percentile"), "values": admission["p90_hours"]}]
    charts.append({"key": "admission", "heading": heading, "desc": desc, "svg": lines(
        title=heading, desc=desc, categories=months, series=series, colours=[PALETTE[0], PALETTE[1]],
        x_label=x_month, y_label=hours, unit=_("h")),
        "table": _table([month_head, _("Admissions"), _("Median, h"), _("90th percentile, h")],
                        [[m, n, a, b] for m, n, a, b in zip(months, admission["admissions"], admission["median_hours"],
                                                           admission["p90_hours"], strict=True)])})
    bins = [hours_bin_label(b["low"], b["high"]) for b in admission["histogram"]]
    heading = _("Admissions by hours from issue")
    desc = _("How many permits of the period were admitted within each span of hours after their issue.")
    series = [{"key": "admissions", "label": _("Admissions"), "values": [b["count"] for b in admission["histogram"]]}]
    charts.append({"key": "histogram", "heading": heading, "desc": desc, "svg": stacked_bars(
        title=heading, desc=desc, categories=bins, series=series, colours=[PALETTE[0]],
        x_label=_("Hours from issue to admission"), y_label=_("Admissions")),
        "table": _table([_("Hours from issue to admission"), _("Admissions")],
                        [[label, b["count"]] for label, b in zip(bins, admission["histogram"], strict=True)])})
    return charts
