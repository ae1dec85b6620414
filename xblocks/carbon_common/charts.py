"""Small accessible SVG charts for staff views (no JavaScript, no plotting library).

`bar_chart_svg` draws labelled vertical bars; `histogram` buckets numbers for it. The SVG carries a
<title> and <desc> and is meant to sit next to a table holding the same figures.
"""
import secrets
from html import escape


def histogram(values, edges):
    """Counts of `values` per bucket [edges[i], edges[i+1]) (the last bucket includes its upper edge)."""
    counts = [0] * (len(edges) - 1)
    for value in values:
        for index in range(len(counts)):
            upper_ok = value < edges[index + 1] or (index == len(counts) - 1 and value <= edges[index + 1])
            if edges[index] <= value and upper_ok:
                counts[index] += 1
                break
    return counts


def bar_chart_svg(bars, title, description="", highlight=None, width=560, height=240, colour="#0b6e4f",
                  highlight_colour="#b3261e"):
    """An SVG bar chart of `bars` [(label, value)]; bars whose index is in `highlight` get another colour."""
    highlight = set(highlight or ())
    uid = f"chart-{secrets.token_hex(4)}"  # two charts on one page must not share ids
    crowded = len(bars) > 6  # long category labels would overlap: slant them
    left, bottom, top = 36, (84 if crowded else 34), 14
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = max([value for _, value in bars] + [1])
    slot = plot_w / max(len(bars), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="carbon-chart" role="img" viewBox="0 0 {width} {height}"'
        f' width="100%" aria-labelledby="{uid}-title {uid}-desc">',
        f'<title id="{uid}-title">{escape(title)}</title><desc id="{uid}-desc">{escape(description)}</desc>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" stroke="#51606f"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="12" fill="#1d2733">{peak:g}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" font-size="12" fill="#1d2733">0</text>',
    ]
    for index, (label, value) in enumerate(bars):
        bar_h = plot_h * value / peak if peak else 0
        x = left + index * slot + slot * 0.15
        fill = highlight_colour if index in highlight else colour
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{slot * 0.7:.1f}" height="{bar_h:.1f}" fill="{fill}">'
            f'<title>{escape(str(label))}: {value:g}</title></rect>')
        if value:
            parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{top + plot_h - bar_h - 3:.1f}" text-anchor="middle"'
                         f' font-size="12" fill="#1d2733">{value:g}</text>')
        label_x, label_y = x + slot * 0.35, height - bottom + 16
        placement = (f'text-anchor="end" transform="rotate(-35 {label_x:.1f} {label_y})"' if crowded
                     else 'text-anchor="middle"')
        parts.append(f'<text x="{label_x:.1f}" y="{label_y}" {placement} font-size="12"'
                     f' fill="#1d2733">{escape(str(label))}</text>')
    parts.append("</svg>")
    return "".join(parts)
