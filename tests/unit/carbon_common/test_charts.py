"""The SVG chart helper: buckets and an accessible, well-formed SVG."""
from lxml import etree

from carbon_common.charts import bar_chart_svg, histogram


def test_histogram_buckets_with_closed_last_edge():
    assert histogram([0, 9.99, 10, 59.5, 60, 100], [0, 10, 60, 100]) == [2, 2, 2]
    assert histogram([-1, 101], [0, 50, 100]) == [0, 0]


def test_bar_chart_is_well_formed_and_labelled():
    svg = bar_chart_svg([("0-59", 3), ("60-100", 5)], "成绩分布 <总分>", "3 人未通过", highlight=[0])
    root = etree.fromstring(svg.encode())
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.get("role") == "img"
    assert root.find("s:title", ns).text == "成绩分布 <总分>"
    rects = root.findall("s:rect", ns)
    assert [r.get("fill") for r in rects] == ["#b3261e", "#0b6e4f"]
    assert float(rects[1].get("height")) > float(rects[0].get("height"))
