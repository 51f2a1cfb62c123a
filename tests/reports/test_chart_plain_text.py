"""Every user-supplied string drawn into a chart is plain text, never matplotlib mathtext (issue 15,
item 5): a video named `tour $\\frac{$ 2026.mp4` crashed the day's report."""

import pytest

from reports.charts import retention_chart, size_bars_chart
from reports.sections import RetentionCurve

HOSTILE_NAMES = ["tour $\\frac{$ 2026.mp4", "$$", "price $5 and $6.mp4", "a $x^2$ b.mp4", "\\$ $\\\\ ^_{}.mp4"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_file_name_with_dollar_signs_is_drawn_in_the_retention_legend(name):
    curve = RetentionCurve(media_id="v1", filename=name, views=3, duration=30.0, bucket_seconds=10,
                           retention=[1.0, 0.5, 0.25])
    chart = retention_chart([curve])
    assert chart.png.startswith(b"\x89PNG") and name in chart.alt


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_label_with_dollar_signs_is_drawn_beside_its_bar(name):
    chart = size_bars_chart("formats", "Formats", [(name, 1000, 1), ("plain", 10, 1)], "Bars")
    assert chart.png.startswith(b"\x89PNG")
