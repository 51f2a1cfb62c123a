import dataclasses
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from sample_report import sample_report

from reports.charts import Chart, render_charts
from reports.model import (
    CleanupCandidate,
    DailyReport,
    DataQuality,
    Footnote,
    StorageOverview,
    MediaUsage,
    UsageTotals,
)
from reports.render import (
    email_subject,
    footnote_lookup,
    render_email_html,
    render_email_text,
    render_index_html,
    render_report_html,
    shorten,
)

ESCAPED_HOSTILE = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&#39;.jpg"


@pytest.fixture(scope="module")
def report() -> DailyReport:
    return sample_report()


@pytest.fixture(scope="module")
def charts(report: DailyReport) -> list[Chart]:
    return render_charts(report)


class Tags(HTMLParser):
    """Collects every start tag with its attributes, and the document's text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture(scope="module")
def page(report, charts) -> str:
    return render_report_html(report, charts)


@pytest.fixture(scope="module")
def email_html(report, charts) -> str:
    return render_email_html(report, charts)


def test_page_has_every_section(page):
    ids = {attrs.get("id") for attrs in Tags(page).all("section")}
    assert ids == {"attention", "storage", "usage", "most-used", "trend", "unused", "uploads", "data-quality",
                   "footnotes"}


@pytest.mark.parametrize(
    "heading",
    ["Storage", "Usage on 2026-11-23", "Most used media", "Last 30 days", "Unused media",
     "Largest cleanup candidates", "Data quality", "Definitions"],
)
def test_both_html_outputs_have_each_heading(page, email_html, heading):
    assert heading in "".join(Tags(page).text)
    assert heading in "".join(Tags(email_html).text)


def test_recent_uploads_are_on_the_page_only(page, email_html):
    # the email keeps the headline, what needs attention and the top lists under Gmail's clipping size
    assert "Recent uploads" in "".join(Tags(page).text)
    assert "Recent uploads" not in "".join(Tags(email_html).text)


def test_page_escapes_hostile_filename(page):
    assert "<script" not in page.lower()
    assert ESCAPED_HOSTILE in page
    assert "script" not in [name for name, _ in Tags(page).tags]
    assert """<script>alert("x")</script>'.jpg""" in "".join(Tags(page).text)


def test_email_escapes_hostile_filename(email_html):
    assert "<script" not in email_html.lower()
    assert "&lt;script&gt;alert" in email_html
    assert "script" not in [name for name, _ in Tags(email_html).tags]


def test_page_references_charts_by_file_name_with_alt_text(page, charts):
    images = Tags(page).all("img")
    assert [(i["src"], i["alt"]) for i in images] == [(c.filename, c.alt) for c in charts]


def test_email_references_charts_by_content_id(email_html, charts):
    images = Tags(email_html).all("img")
    assert [i["src"] for i in images] == [f"cid:{c.cid}" for c in charts]
    assert all(i["alt"] for i in images)


def test_page_is_offline(page):
    parsed = Tags(page)
    assert not parsed.all("script") and not parsed.all("link")
    for _, attrs in parsed.tags:
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or re.fullmatch(r"#fn-\d+|[\w.-]+\.png", value), value
    assert "url(" not in page and "@import" not in page


def test_numbers_carry_exact_values_on_hover(page):
    assert '<div class="kpi-value" title="2,400,000,000 bytes">2.4 GB</div>' in page
    assert '<td class="num" title="120,000,000 bytes">120 MB</td>' in page


def test_missing_rates_render_as_a_dash(page):
    assert '<td class="num" title="no value: the denominator is zero">–</td>' in page


def test_quota_is_shown_with_its_share(page):
    assert 'title="24 %">24 %</span>' in page
    assert 'width="24.0%"' in page


def test_metrics_link_to_their_footnotes(page):
    ctr = '<abbr title="Click-through rate">CTR</abbr><sup class="fnref"><a href="#fn-1">1</a>'
    savings = '<abbr title="Potential savings">Savings</abbr><sup class="fnref"><a href="#fn-2">'
    assert ctr in page and savings in page
    assert '<dt id="fn-2"><span class="fn-number">2</span> Potential savings</dt>' in page


def test_footnote_terms_match_labels_loosely():
    lookup = footnote_lookup([Footnote("Views", "v"), Footnote("Click-through rate (CTR)", "c")])
    assert lookup("click-through rate") == 2
    assert lookup("views") == 1
    assert lookup("Clicks") is None


def test_sections_without_data_are_left_out(report):
    bare = dataclasses.replace(
        report,
        storage=dataclasses.replace(report.storage, quota_bytes=None, quota_used=None, by_type=[]),
        trend=[], unused_classes=[], cleanup_candidates=[], footnotes=[],
    )
    for html in (render_report_html(bare, []), render_email_html(bare, [])):
        text = "".join(Tags(html).text)
        absent = ("Last 30 days", "Unused media", "Definitions", "Quota used", "By media type")
        assert not [heading for heading in absent if heading in text]
        assert not Tags(html).all("img")
    text = render_email_text(bare)
    absent = ("LAST 30 DAYS", "UNUSED MEDIA", "DEFINITIONS", "Quota used", "Avg size")
    assert not [heading for heading in absent if heading in text]


def test_an_empty_day_renders_with_dashes_not_errors(report):
    empty = dataclasses.replace(
        report,
        storage=StorageOverview(0, 0, None, 0, 0, 1_000, 0.0, []),
        usage=UsageTotals(0, 0, 0, 0, 0, 0, 0, None, None),
        most_used=[], unused_classes=[], cleanup_candidates=[], recent_uploads=[], trend=[],
        data_quality=DataQuality(0, 0, 0), footnotes=[],
    )
    page = render_report_html(empty, render_charts(empty))
    assert "No media were used on 2026-11-23." in page and "No recent uploads." in page
    assert '<div class="kpi-value" title="no value">–</div>' in page
    assert "No recent uploads." in render_email_text(empty)
    assert email_subject(empty).endswith("0 files, 0 B, 0 cleanup candidates (0 B)")


def test_email_is_table_layout_within_700_px(email_html):
    widths = [int(w) for w in re.findall(r'\bwidth="(\d+)"', email_html)]
    assert widths and max(widths) <= 700
    # the content is 680 px at most and narrows on a phone: a div's max-width (which mail clients
    # honour, a table's they do not) around a 100 % table; Outlook's Word engine gets a 680 px table
    box = Tags(email_html).all("div")[0]
    assert "max-width: 680px" in box["style"]
    assert Tags(email_html).all("table")[1]["width"] == "100%"
    assert '<!--[if mso]><table role="presentation" width="680"' in email_html


def test_email_css_is_inlined(email_html):
    assert "<style" not in email_html
    assert 'style="' in email_html


def test_email_shows_five_rows_of_long_lists_and_the_page_all(report, charts):
    used = [MediaUsage(f"m-{i}", f"used-{i:02d}.jpg", "image", 100 - i, 1, 0, 0, 200, 0.01, 0.01, 50.0, 1000)
            for i in range(12)]
    longer = dataclasses.replace(report, most_used=used)
    assert "used-11.jpg" in render_report_html(longer, charts)
    email = render_email_html(longer, charts)
    assert "used-04.jpg" in email and "used-05.jpg" not in email
    assert "Showing 5 of 12." in email


def test_email_shortens_long_file_names_in_the_middle():
    assert shorten("a-very-long-file-name.jpeg", 11) == "a-ver….jpeg"
    assert shorten("short.jpg", 11) == "short.jpg"


def test_text_has_the_key_numbers(report):
    text = render_email_text(report)
    for figure in ("1,234", "2.4 GB", "24 % of 10 GB", "156 files are cleanup candidates (340 MB)",
                   "The 2 largest below would free 122 MB", "48,210 rows loaded, 12 rejected",
                   "3,435 page views, 300 clicks, 15 downloads",
                   "[2] Potential savings: Bytes of the file and all its renditions."):
        assert figure in text
    assert """<script>alert("x")</script>'.jpg""" in text
    assert all(line == line.rstrip() for line in text.splitlines())


def test_subject_names_day_size_and_cleanup(report):
    assert email_subject(report) == (
        "Media analytics — 2026-11-23: 1,234 files, 2.4 GB, 156 cleanup candidates (340 MB)"
    )


def test_subject_without_a_cleanup_class_counts_the_listed_candidates(report):
    one = [CleanupCandidate("m-1", "a.jpg", "image", 1_500_000, "low", None)]
    single = dataclasses.replace(report, unused_classes=[], cleanup_candidates=one)
    assert email_subject(single).endswith("1 cleanup candidate (1.5 MB)")


def test_page_links_back_to_the_index_only_when_asked(report, charts, page):
    linked = render_report_html(report, charts, index_href="../index.html")
    assert '<a href="../index.html">All reports</a>' in linked
    assert "All reports" not in page


def test_index_lists_days_newest_first_grouped_by_month():
    html = render_index_html([date(2026, 10, 31), date(2026, 11, 23), date(2026, 11, 2)])
    links = [attrs["href"] for attrs in Tags(html).all("a")]
    assert links == ["2026-11-23/index.html", "2026-11-02/index.html", "2026-10-31/index.html"]
    text = "".join(Tags(html).text)
    assert text.index("November 2026") < text.index("October 2026")
    assert "3 daily reports" in text


def test_index_without_days_says_so():
    assert "No reports yet." in render_index_html([])


def test_the_windows_uploads_and_deletions_add_up_to_its_change_in_files(report):
    from reports.model import DayPoint

    days = [date(2026, 11, 21), date(2026, 11, 22), date(2026, 11, 23)]
    # end of the 21st: 100 files; the 22nd +4 -1, the 23rd +2 -1: 104 files, +4 = 6 - 2 (the 21st's
    # own 5 uploads and 1 deletion happened before its end-of-day count: not in the window)
    trend = [DayPoint(d, files, 1_000 * files, up, down, 0, 0, 0)
             for d, files, up, down in zip(days, (100, 103, 104), (5, 4, 2), (1, 1, 1))]
    small = dataclasses.replace(report, trend=trend)
    text = " ".join(render_report_html(small, []).split())
    assert ("From the end of 2026-11-21 to the end of 2026-11-23: <span class=\"figure\">6</span> uploads and "
            "<span class=\"figure\">2</span> deletions; files went from 100 to 104 (+4)") in text
    assert "From the end of 2026-11-21 to the end of 2026-11-23: 6 uploads,\n  2 deletions; files 100 -> 104 (+4)" \
        in render_email_text(small)


def test_the_performance_panel_shows_the_media_error_rate_and_the_broken_links(report):
    from reports.model import BrokenLink, DeliveryOverview

    delivery = DeliveryOverview(requests=679 * 10, bot_requests=0, bytes_sent=1, cache_hit_rate=0.9, error_rate=0.022,
                                server_time_mean_ms=None, load_time_mean_ms=None, modern_format_share=None,
                                mobile_share=None, compression_savings_bytes=0, media_error_rate=0.002,
                                unmatched_requests=700, unmatched_errors=620)
    links = [BrokenLink("/media/2026/10/gone.jpg", 3, [("https://example.org/post/1", 2), ("", 1)])]
    page = render_report_html(dataclasses.replace(report, delivery=delivery, broken_links=links), [])
    tile = re.search(r'<div class="kpi-label">Media error rate.*?</td>', page, re.S).group(0)
    assert ">0.2 %</div>" in tile and "620 more on paths no item has" in tile
    assert ">Error rate<" not in page  # the site-wide 2.2 % is not shown as the library's
    assert ('<td class="file">/media/2026/10/gone.jpg</td><td class="num">3</td>'
            '<td class="file">https://example.org/post/1 (2)<br>(no referrer) (1)</td>') in page


def test_most_used_media_have_a_size_and_the_opportunities_point_to_optimise(report):
    from reports.model import ExportFile
    from reports.sections import ImageOpportunityKind, ImageReport

    used = [dataclasses.replace(report.most_used[0], bytes=2_400_000)]
    images = ImageReport(images=1, bytes=1, compression_ratio=None, formats=[],
                         kinds=[ImageOpportunityKind("resize", 1, 1000, None)], top=[],
                         duplicate_groups=0, duplicate_reclaimable_bytes=0)
    exports = [ExportFile("image_optimization_opportunities", 3, "exports/image_optimization_opportunities.csv",
                          "exports/image_optimization_opportunities.parquet")]
    page = render_report_html(dataclasses.replace(report, most_used=used, images=images, exports=exports), [])
    assert re.search(r'<th scope="col" class="num">Size(<sup.*?</sup>)?</th>', page)
    assert '<td class="num" title="2,400,000 bytes">2.4 MB</td>' in page
    assert "<code>media-analytics optimise 2026-11-23</code>" in page
    assert '<a href="exports/image_optimization_opportunities.csv" download>' in page


def test_definitions_list_only_the_terms_the_page_uses_numbered_as_they_appear(report):
    notes = [Footnote("Potential savings", "p"), Footnote("Never shown", "n"), Footnote("Click-through rate", "c")]
    page = render_report_html(dataclasses.replace(report, footnotes=notes), [])
    definitions = page.split('<section id="footnotes">', 1)[1]
    # the usage tiles (click-through rate) come before the cleanup table (potential savings)
    assert re.findall(r'<dt id="fn-(\d+)"><span class="fn-number">\d+</span> (.*?)</dt>', definitions) == [
        ("1", "Click-through rate"), ("2", "Potential savings")]
    assert "Never shown" not in page
    assert page.count("<h2>Definitions</h2>") == 1
    text = render_email_text(dataclasses.replace(report, footnotes=notes))
    assert "[1] Click-through rate: c" in text and "Never shown" not in text
