"""GET /api/analytics/media/images and /documents against the built sample, through the real service:
for one day the figures are the report's, and over a range they are summed, recounted or taken as of
the last day as their definitions say (checked against the raw tables, not the daily ones)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from read_sample import FIRST, LAST, answer as read, home, service  # noqa: F401 - fixtures

from assets.documents.report import FIXES_N, load_document_report
from assets.images.report import TOP_OPPORTUNITIES_N, load_image_report
from assets.report.data import most_used
from assets.shared.resources import WarehouseResource

PATH = "/api/analytics/media"
DAY = date.fromisoformat(LAST)
RANGE = f"from={FIRST}&to={LAST}"


def near(value: float | None):
    """A float computed another way (summed in another order): equal to within rounding."""
    return value if value is None else pytest.approx(value, rel=1e-12)


def warehouse(home: Path):
    return WarehouseResource.in_folder(home / "warehouse").connect(read_only=True)


def test_the_images_of_one_day_are_the_reports(service, home):
    body = read(service, f"{PATH}/images?limit={TOP_OPPORTUNITIES_N}")
    with warehouse(home) as con:
        report = load_image_report(con, DAY)
        used = most_used(con, DAY, "image", 10)
    assert report is not None and report.top and used, "the sample has images, opportunities and views"
    assert body["period"]["asOf"] == LAST
    overview = body["overview"]
    assert (overview["totalImages"], overview["totalSize"]) == (report.images, report.bytes)
    assert overview["compressionRatio"] == near(report.compression_ratio)
    assert [(f["format"], f["count"], f["size"], near(f["compressionRatio"]))
            for f in overview["formatDistribution"]] == [
        (f.image_format, f.files, f.bytes, f.compression_ratio) for f in report.formats]
    savings = body["optimization"]["savings"]
    assert [savings[k] for k in ("originals", "originalsTraffic", "imageBytesSent", "unusedRenditions",
                                 "unusedRenditionBytes", "renditionBytes", "duplicateGroups",
                                 "duplicateReclaimableBytes")] == [
        report.potential_bytes_saved, report.potential_daily_savings, report.image_bytes_sent,
        report.unused_renditions, report.unused_rendition_bytes, report.rendition_bytes,
        report.duplicate_groups, report.duplicate_reclaimable_bytes]
    assert [(k["type"], k["files"], k["potentialSavings"], k["trafficSavings"]) for k in savings["byType"]] == [
        (k.kind, k.files, k.bytes_saved, k.traffic_weighted_daily_savings) for k in report.kinds]
    assert [(o["mediaId"], o["filename"], o["path"], o["type"], o["currentSize"], o["recommendedSize"],
             o["potentialSavings"], o["trafficSavings"], o["method"], o["recommendation"])
            for o in body["optimization"]["opportunities"]] == [
        (t.media_id, t.filename, t.path, t.kind, t.current_bytes, t.expected_bytes, t.bytes_saved,
         t.traffic_weighted_daily_savings, t.method, t.recommendation) for t in report.top]
    assert [(i["id"], i["views"], i["clicks"], i["downloads"], i["shares"], i["size"], i["clickThroughRate"])
            for i in body["usage"]["mostViewedImages"]] == [
        (u.media_id, u.views, u.clicks, u.downloads, u.shares, u.bytes, u.click_through_rate) for u in used]


def test_the_seeds_optimisation_lists_are_the_ranking_filtered_by_kind(service):
    body = read(service, f"{PATH}/images?limit=500")
    ranking = body["optimization"]["opportunities"]
    assert body["optimization"]["page"]["nextCursor"] is None
    assert any(o["type"] == "resize" for o in ranking)

    def ranked(*kinds):
        return [o for o in ranking if o["type"] in kinds][:10]
    optimization = body["optimization"]
    oversized = optimization["oversizedImages"]
    assert [(o["id"], o["size"], o["recommendedSize"], o["potentialSavings"], o["trafficSavings"])
            for o in oversized] == [(o["mediaId"], o["currentSize"], o["recommendedSize"], o["potentialSavings"],
                                     o["trafficSavings"]) for o in ranked("resize")]
    assert all(o["originalWidth"] > 2 * o["maxDisplayWidth"] for o in oversized)
    assert optimization["unoptimizedImages"] == ranked("compression")
    assert optimization["conversionOpportunities"] == ranked("format", "gif_to_video")


def test_the_documents_of_one_day_are_the_reports(service, home):
    body = read(service, f"{PATH}/documents?limit={FIXES_N}")
    with warehouse(home) as con:
        report = load_document_report(con, DAY)
    assert report is not None and report.fixes and report.most_downloaded and report.reasons
    performance = body["performance"]
    searchability = performance["searchability"]
    assert [searchability[k] for k in ("totalDocuments", "searchableDocuments", "readDocuments",
                                       "indexedDocuments", "searchabilityRate", "indexingRate", "missingMetadata",
                                       "missingTitle", "missingDescription", "documentsToFix")] == [
        report.documents, report.searchable, report.searchability_known, report.indexed,
        report.searchability_rate, report.indexing_rate, report.missing_metadata, report.missing_title,
        report.missing_description, report.to_fix]
    assert [(r["reason"], r["documents"]) for r in searchability["notSearchable"]] == [
        (r.reason, r.documents) for r in report.reasons]
    assert [(f["id"], f["filename"], f["format"], f["traffic"], f["searchable"], f["reason"], f["recommendations"])
            for f in searchability["recommendations"]] == [
        (f.media_id, f.filename, f.doc_format, f.traffic, f.searchable, f.reason, f.recommendations)
        for f in report.fixes]
    assert body["overview"]["totalDocuments"] == report.documents
    assert body["overview"]["totalDownloads"] == report.downloads
    assert [(f["format"], f["documents"], f["searchable"], f["searchabilityKnown"], f["downloads"])
            for f in body["overview"]["formatDistribution"]] == [
        (f.doc_format, f.documents, f.searchable, f.searchability_known, f.downloads) for f in report.formats]
    assert performance["downloadSuccessRate"] == report.download_success_rate
    assert performance["previewToDownloadRate"] == report.preview_to_download_rate
    assert performance["averageDownloadTime"] == near(report.avg_download_time_ms)
    assert performance["previewConversion"] == near(report.preview_conversion)
    assert [(p["kind"], p["name"], p["count"]) for p in body["usage"]["accessPatterns"]] == [
        ("source", "search", report.from_search), ("source", "social", report.from_social),
        ("source", "email", report.from_email), ("source", "internal", report.from_internal),
        ("source", "direct", report.from_direct), ("source", "other", report.from_other),
        ("device", "desktop", report.desktop_requests), ("device", "mobile", report.mobile_requests),
        ("device", "tablet", report.tablet_requests), ("device", "other", report.other_device_requests)]
    assert [(d["id"], d["filename"], d["format"], d["downloads"], d["previews"], d["views"],
             d["previewToDownloadRate"], d["downloadSuccessRate"], d["searchable"],
             near(d["averageDownloadTime"]), near(d["previewConversion"]))
            for d in body["usage"]["mostDownloadedDocs"]] == [
        (a.media_id, a.filename, a.doc_format, a.downloads, a.previews, a.views, a.preview_to_download_rate,
         a.download_success_rate, a.searchable, a.avg_download_time_ms, a.preview_conversion)
        for a in report.most_downloaded]


def test_a_range_sums_counts_recounts_people_and_keeps_the_library_as_of_its_last_day(service, home):
    images = read(service, f"{PATH}/images?{RANGE}")
    documents = read(service, f"{PATH}/documents?{RANGE}")
    last_day = read(service, f"{PATH}/documents")
    days = [date.fromisoformat(FIRST), DAY]
    with warehouse(home) as con:
        events = """FROM raw_usage_events AS e JOIN media_inventory AS i
                    ON i.day = e.day AND i.media_id = e.media_id AND i.media_type = ?
                    WHERE e.day BETWEEN ? AND ?"""
        downloads, = con.execute(f"SELECT count(*) FILTER (e.event_type = 'download') {events}",
                                 ["document", *days]).fetchone()
        views, impressions = con.execute(f"""SELECT count(*) FILTER (e.event_type = 'view'),
                                             count(*) FILTER (e.event_type = 'impression') {events}""",
                                         ["image", *days]).fetchone()
        sent, modern, requests = con.execute(
            """SELECT sum(bytes_sent), count(*) FILTER (served_format IN ('webp', 'avif')), count(*)
               FROM raw_access_log WHERE media_type = 'image' AND day BETWEEN ? AND ?""", days).fetchone()
        previews_and_downloads = con.execute(
            f"""SELECT e.media_id, coalesce('u:' || e.user_id, 's:' || e.session_id), e.ts, e.event_type {events}
                AND e.event_type IN ('preview', 'download')""", ["document", *days]).fetchall()
    assert documents["period"]["builtDays"] == 3 and documents["period"]["asOf"] == LAST
    assert documents["overview"]["totalDownloads"] == downloads > last_day["overview"]["totalDownloads"]
    assert images["performance"]["lazyLoadingEffectiveness"] == near(views / impressions)
    assert images["optimization"]["savings"]["imageBytesSent"] == sent
    assert images["performance"]["webPAdoption"] == near(modern / requests)
    first_preview, last_download = {}, {}
    for media_id, visitor, ts, event_type in previews_and_downloads:
        if visitor is None:
            continue
        if event_type == "preview":
            first_preview[media_id, visitor] = min(ts, first_preview.get((media_id, visitor), ts))
        else:
            last_download[media_id, visitor] = max(ts, last_download.get((media_id, visitor), ts))
    converted = sum(1 for key, ts in first_preview.items() if key in last_download and last_download[key] >= ts)
    assert documents["performance"]["previewConversion"] == near(converted / len(first_preview))
    assert documents["performance"]["searchability"] | {"recommendations": None, "page": None} \
        == last_day["performance"]["searchability"] | {"recommendations": None, "page": None}
    assert documents["overview"]["totalDocuments"] == last_day["overview"]["totalDocuments"]


def test_the_main_lists_come_a_page_at_a_time(service):
    everything = read(service, f"{PATH}/images?{RANGE}&limit=500")["optimization"]["opportunities"]
    assert len(everything) > 4
    pages, cursor = [], ""
    while cursor is not None:
        body = read(service, f"{PATH}/images?{RANGE}&limit=4{cursor and '&cursor=' + cursor}")
        pages.append(body["optimization"]["opportunities"])
        cursor = body["optimization"]["page"]["nextCursor"]
    assert [o for page in pages for o in page] == everything
    first = read(service, f"{PATH}/documents?limit=3")["performance"]["searchability"]
    second = read(service, f"{PATH}/documents?limit=3&cursor={first['page']['nextCursor']}")
    both = read(service, f"{PATH}/documents?limit=6")["performance"]["searchability"]["recommendations"]
    assert first["recommendations"] + second["performance"]["searchability"]["recommendations"] == both


def test_the_type_endpoints_take_no_type_and_document_every_field(service):
    status, body, _ = service.read(f"{PATH}/images?type=image")
    assert status == 422 and "unknown parameter 'type'" in body["error"]
    status, document, _ = service.read("/openapi.json")
    schemas = document["components"]["schemas"]
    assert {f"{PATH}/images", f"{PATH}/documents"} <= set(document["paths"])
    for name in ("ImageAnalytics", "ImageOverview", "ImagePerformance", "ImageUsage", "ImageOpportunity",
                 "OversizedImage", "ImageSavings", "DocumentAnalytics", "DocumentOverview", "DocumentUsage",
                 "DocumentSearchability", "DocumentFix", "DocumentConversionRate", "DocumentAccessPattern"):
        undefined = [field for field, spec in schemas[name]["properties"].items()
                     if not spec.get("description") and "$ref" not in spec]
        assert undefined == [], name
    assert set(schemas["ImageOpportunity"]["x-not-computed"]) == {"impact", "unusedSizes"}
    assert "Optimisation kind:" in schemas["ImageOpportunity"]["properties"]["type"]["description"]
