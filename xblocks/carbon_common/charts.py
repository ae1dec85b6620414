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


def marker_line_svg(svg, fraction, label, colour="#1d2733"):
    """``svg`` (from :func:`bar_chart_svg`) with a dashed vertical line at ``fraction`` (0..1) of the plot's
    width, labelled (e.g. the pass mark on a score histogram)."""
    import re

    found = re.search(r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)"', svg)
    top = re.search(r'<text x="[\d.]+" y="([\d.]+)"', svg)
    if not found or not top:
        return svg
    left, baseline, right = float(found.group(1)), float(found.group(2)), float(found.group(3))
    x = left + (right - left) * min(max(fraction, 0.0), 1.0)
    y_top = float(top.group(1)) - 4
    line = (f'<g class="carbon-chart-marker"><line x1="{x:.1f}" y1="{y_top:.1f}" x2="{x:.1f}" y2="{baseline}"'
            f' stroke="{colour}" stroke-width="2" stroke-dasharray="5 3"/>'
            f'<text x="{x + 4:.1f}" y="{y_top + 10:.1f}" font-size="12" fill="{colour}">{escape(label)}</text></g>')
    return svg.replace("</svg>", line + "</svg>")


def scatter_svg(points, title, description="", x_label="", y_label="", x_range=(0.0, 1.0), y_range=(-1.0, 1.0),
                guides=(), width=560, height=300, colour="#0b6e4f", flagged_colour="#b3261e"):
    """An SVG scatter plot of ``points`` [(label, x, y, flagged)]: each a circle with its own <title>;
    ``guides`` [(axis "x"|"y", value, label)] draw dashed reference lines (thresholds)."""
    uid = f"chart-{secrets.token_hex(4)}"
    left, right, top, bottom = 48, 12, 14, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    (x0, x1), (y0, y1) = x_range, y_range

    def px(value):
        return left + plot_w * (min(max(value, x0), x1) - x0) / ((x1 - x0) or 1)

    def py(value):
        return top + plot_h - plot_h * (min(max(value, y0), y1) - y0) / ((y1 - y0) or 1)

    ink = "#1d2733"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="carbon-chart carbon-scatter" role="img"'
        f' viewBox="0 0 {width} {height}" width="100%" aria-labelledby="{uid}-title {uid}-desc">',
        f'<title id="{uid}-title">{escape(title)}</title><desc id="{uid}-desc">{escape(description)}</desc>',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#51606f"/>',
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle" font-size="12" fill="{ink}">'
        f'{escape(x_label)}</text>',
        f'<text x="12" y="{top + plot_h / 2:.1f}" text-anchor="middle" font-size="12" fill="{ink}"'
        f' transform="rotate(-90 12 {top + plot_h / 2:.1f})">{escape(y_label)}</text>',
    ]
    for value in (x0, x1):
        parts.append(f'<text x="{px(value):.1f}" y="{top + plot_h + 14}" text-anchor="middle" font-size="11"'
                     f' fill="{ink}">{value:g}</text>')
    for value in (y0, y1):
        parts.append(f'<text x="{left - 4}" y="{py(value) + 4:.1f}" text-anchor="end" font-size="11"'
                     f' fill="{ink}">{value:g}</text>')
    for axis, value, label in guides:
        if axis == "x":
            coords = f'x1="{px(value):.1f}" y1="{top}" x2="{px(value):.1f}" y2="{top + plot_h}"'
            text_at = f'x="{px(value) + 3:.1f}" y="{top + 12}"'
        else:
            coords = f'x1="{left}" y1="{py(value):.1f}" x2="{left + plot_w}" y2="{py(value):.1f}"'
            text_at = f'x="{left + 4}" y="{py(value) - 3:.1f}"'
        parts.append(f'<line {coords} stroke="#8a96a3" stroke-dasharray="4 3"/>'
                     f'<text {text_at} font-size="11" fill="#51606f">{escape(label)}</text>')
    for label, x, y, flagged in points:
        if x is None or y is None:
            continue
        parts.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="4" fill="{flagged_colour if flagged else colour}"'
                     f' fill-opacity="0.75"><title>{escape(str(label))}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)
