"""Charts drawn as SVG on the server: numbers in, shapes and markup out (no Django, no JavaScript, no library).

`chart_svg` writes the markup (every text escaped here), and `templates/escalation/partials/chart.html` puts it
in a figure with the same numbers as a table, so the page needs neither a script nor a CDN, and a screen reader
gets the table. Colours are CSS classes (`series-<key>`), so the strict Content-Security-Policy (no inline
styles) holds. The markup is built here rather than in a template loop: as template nodes, five charts of a few
dozen shapes each cost the page several times its database time.
"""
from dataclasses import dataclass, field
from html import escape

WIDTH = 720
LABEL_W = 170  # horizontal bars: room for the labels on the left
VALUE_W = 140  # and for the value and its note on the right
ROW_H = 26
BAR_H = 18
COLUMNS_H = 200  # vertical bars: plot height
AXIS_H = 40  # below the plot: the column labels


@dataclass
class Segment:
    key: str
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass
class Bar:
    """One bar (a row of horizontal bars, or a column), stacked from one or more segments."""

    label: str
    total: int
    segments: list[Segment]
    label_x: float = 0
    label_y: float = 0
    value_x: float = 0
    value_y: float = 0
    note: str = ""


@dataclass
class Chart:
    kind: str  # "bars" (horizontal) or "columns"
    title: str
    description: str
    series: list[tuple[str, str]]  # (key, label), in legend order
    bars: list[Bar]
    width: int = WIDTH
    height: int = 0
    gridlines: list[tuple[float, int]] = field(default_factory=list)  # (y, value) for column charts
    empty: bool = False
    top: int = 0  # the viewBox starts here: room above the tallest column for its total

    @property
    def table(self) -> list[tuple[str, list[int], int, str]]:
        """The numbers behind the shapes, zeros included: (row label, value per series, total, note)."""
        rows = []
        for bar in self.bars:
            values = {s.key: s.value for s in bar.segments}
            rows.append((bar.label, [values.get(key, 0) for key, _label in self.series], bar.total, bar.note))
        return rows


def _nice_max(value: int) -> int:
    """A round axis maximum at or above `value` (1, 2, 5 × 10^n)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if value <= step * factor:
                return step * factor
        step *= 10


def horizontal_bars(*, title: str, description: str, rows: list[tuple[str, list[tuple[str, str, int]]]],
                    series: list[tuple[str, str]], notes: dict[str, str] | None = None) -> Chart:
    """One horizontal bar per row, each stacked from (key, label, value) segments; bars share one scale."""
    notes = notes or {}
    largest = max((sum(v for _k, _l, v in parts) for _label, parts in rows), default=0)
    scale = (WIDTH - LABEL_W - VALUE_W) / largest if largest else 0
    bars = []
    for index, (label, parts) in enumerate(rows):
        y = index * ROW_H + (ROW_H - BAR_H) / 2
        x, segments = float(LABEL_W), []
        for key, part_label, value in parts:
            width = value * scale
            segments.append(Segment(key, part_label, value, round(x, 1), round(y, 1), round(width, 1), BAR_H))
            x += width
        total = sum(s.value for s in segments)
        bars.append(Bar(label=label, total=total, segments=segments, label_x=LABEL_W - 6,
                        label_y=round(y + BAR_H * 0.75, 1), value_x=round(x + 6, 1),
                        value_y=round(y + BAR_H * 0.75, 1), note=notes.get(label, "")))
    return Chart(kind="bars", title=title, description=description, series=series, bars=bars,
                 height=max(len(rows), 1) * ROW_H, empty=largest == 0)


def stacked_columns(*, title: str, description: str, columns: list[tuple[str, dict[str, int]]],
                    series: list[tuple[str, str]]) -> Chart:
    """One column per (label, {series key: value}), stacked bottom-up in `series` order, with gridlines."""
    largest = max((sum(values.values()) for _label, values in columns), default=0)
    top = _nice_max(largest) if largest else 1
    slot = WIDTH / max(len(columns), 1)
    width = min(slot * 0.7, 48)
    bars = []
    for index, (label, values) in enumerate(columns):
        x = index * slot + (slot - width) / 2
        y, segments = float(COLUMNS_H), []
        for key, series_label in series:
            value = values.get(key, 0)
            if not value:
                continue
            height = value / top * COLUMNS_H
            y -= height
            segments.append(Segment(key, series_label, value, round(x, 1), round(y, 1), round(width, 1),
                                    round(height, 1)))
        total = sum(s.value for s in segments)
        bars.append(Bar(label=label, total=total, segments=segments, label_x=round(x + width / 2, 1),
                        label_y=COLUMNS_H + 16, value_x=round(x + width / 2, 1), value_y=round(y - 4, 1)))
    steps = 5 if top >= 5 and top % 5 == 0 else 4 if top % 4 == 0 else top  # whole numbers on every line
    gridlines = [(round(COLUMNS_H - COLUMNS_H * part / steps, 1), top * part // steps) for part in range(steps + 1)]
    return Chart(kind="columns", title=title, description=description, series=series, bars=bars,
                 height=COLUMNS_H + AXIS_H + 18, top=-18, gridlines=gridlines, empty=largest == 0)


def _num(value: float) -> str:
    return f"{value:g}"


TABLE_NOTE = "The same numbers are in the table below the chart."


def chart_svg(chart: Chart, *, slug: str, table_note: str = TABLE_NOTE) -> str:
    """The chart's SVG: an image titled and described for screen readers, a tooltip on every shape. `table_note`
    ends the description, in the viewer's language (this module has no Django to translate it)."""
    cid = f"chart-{escape(slug)}"
    out = [
        f'<svg class="plot" role="img" aria-labelledby="{cid}-t {cid}-s" '
        f'viewBox="0 {chart.top} {chart.width} {chart.height}" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{cid}-t">{escape(chart.title)}</title>',
        f'<desc id="{cid}-s">{escape(chart.description)} {escape(table_note)}</desc>',
    ]
    for y, value in chart.gridlines:
        out.append(f'<line class="grid" x1="0" x2="{chart.width}" y1="{_num(y)}" y2="{_num(y)}"/>'
                   f'<text class="tick" x="2" y="{_num(y)}" dy="-2">{value}</text>')
    anchor = "end" if chart.kind == "bars" else "middle"
    for bar in chart.bars:
        label = escape(bar.label)
        out.append(f'<g class="bar" data-label="{label}" data-total="{bar.total}">')
        for s in bar.segments:
            out.append(
                f'<rect class="series-{escape(s.key)}" x="{_num(s.x)}" y="{_num(s.y)}" width="{_num(s.width)}" '
                f'height="{_num(s.height)}" data-key="{escape(s.key)}" data-value="{s.value}">'
                f"<title>{label}: {s.value} {escape(s.label)}</title></rect>"
            )
        out.append(f'<text class="label" x="{_num(bar.label_x)}" y="{_num(bar.label_y)}" '
                   f'text-anchor="{anchor}">{label}</text>')
        if chart.kind == "bars":
            note = f" · {escape(bar.note)}" if bar.note else ""
            out.append(f'<text class="value" x="{_num(bar.value_x)}" y="{_num(bar.value_y)}">{bar.total}{note}</text>')
        elif bar.total:
            out.append(f'<text class="value" x="{_num(bar.value_x)}" y="{_num(bar.value_y)}" '
                       f'text-anchor="middle">{bar.total}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)
