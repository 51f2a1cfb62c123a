"""GET /api/analytics/media/documents — the seed's DocumentAnalytics: the live documents, how they are
read and downloaded, and whether search can find them (the report's Documents page, over a range)."""

from __future__ import annotations

from api.read.definitions import defined, described
from api.read.model import AS_OF, RATIO, RECOUNTED, SUMMED, Model, Page, PeriodInfo
from api.read.overview import RecentUpload
from api.read.period import Period, Query, next_cursor
from api.read.store import Store

TOP_N = 10
SOURCES = ("search", "social", "email", "internal", "direct", "other")
DEVICES = ("desktop", "mobile", "tablet", "other_device")


class DocumentFormat(Model):
    """The live documents of one format (an entry of the seed's DocumentFormatDistribution)."""

    format: str = described("pdf, text, markdown, csv, html, docx, xlsx, pptx (what the file holds), else the "
                            "path's extension; (none) without either.")
    documents: int = defined("Documents", AS_OF)
    searchable: int = defined("Searchability rate", "Of them, documents whose text can be extracted. " + AS_OF)
    searchability_known: int = defined("Searchability rate", "Of them, documents whose file was read. " + AS_OF)
    downloads: int = defined("Downloads", "Of the documents live on each day. " + SUMMED)


class DocumentOverview(Model):
    """The live documents as of asOf, with the range's downloads."""

    total_documents: int = defined("Documents", AS_OF)
    total_size: int = defined("Storage", "totalSize: the originals' bytes. " + AS_OF)
    total_downloads: int = defined("Downloads", "Download events of documents. " + SUMMED)
    average_file_size: float | None = defined("Average size", AS_OF)
    format_distribution: list[DocumentFormat] = defined("Documents", "Per format, most documents first. " + AS_OF)


class DocumentUsage(Model):
    """A document and its access over the range (the seed's DocumentUsageData)."""

    id: str = described("The media item's id (the CMS export's id).")
    filename: str = described("Its file name (the id when the inventory has none).")
    format: str | None = described("pdf, docx, text, ... (as in formatDistribution), on the last day it was "
                                   "accessed.")
    downloads: int = defined("Downloads", SUMMED)
    previews: int = defined("Previews", SUMMED)
    views: int = defined("Page views", SUMMED)
    preview_conversion: float | None = defined("Preview → download conversion", RECOUNTED)
    preview_to_download_rate: float | None = defined("Preview → download conversion", "The seed's "
                                                     "downloads / previews. " + RATIO)
    download_success_rate: float | None = defined("Download success", RATIO)
    average_download_time: float | None = defined("Average download time", "ms. Over a range: the mean of "
                                                  "every timed request of the range.")
    searchable: bool | None = defined("Searchability rate", "Whether its text can be extracted; null when its "
                                      "file was not read or it is no longer live. " + AS_OF)


class DocumentAccessPattern(Model):
    """Document access by where it came from or the device it was made on."""

    kind: str = described("source or device.")
    name: str = defined("Access sources", "name, for kind source: one of these; for kind device: desktop, "
                        "mobile, tablet or other (see Devices).")
    count: int = defined("Devices", "count, for kind device: people's requests; for kind source: the usage "
                         "events (see Access sources). " + SUMMED)


class DocumentUsageSection(Model):
    """The seed's DocumentAnalytics.usage."""

    most_downloaded_docs: list[DocumentUsage] = defined("Downloads", f"The {TOP_N} documents with the most "
                                                        "download events (then complete downloads).")
    recent_uploads: list[RecentUpload] = described(f"The {TOP_N} newest documents created within the range and "
                                                   "still live as of asOf.")
    access_patterns: list[DocumentAccessPattern] = defined("Access sources", "The sources, then the devices. "
                                                           + SUMMED)


class DocumentConversionRate(Model):
    """One document's preview → download conversion over the range (the seed's DocumentConversionRate)."""

    id: str = described("The media item's id.")
    filename: str = described("Its file name.")
    previewers: int = defined("Preview → download conversion", "Visitors who previewed it. " + RECOUNTED)
    converted: int = defined("Preview → download conversion", "Of them, those who downloaded it after their "
                             "first preview of the range. " + RECOUNTED)
    conversion_rate: float = defined("Preview → download conversion", "converted / previewers. " + RECOUNTED)


class DocumentNotSearchable(Model):
    reason: str = defined("Not searchable")
    documents: int = described("Live documents not searchable for that reason. " + AS_OF)


class DocumentFix(Model):
    """A document to fix (the report's documents to fix)."""

    id: str = described("The media item's id.")
    filename: str = described("Its file name (the path's last part when the inventory has none).")
    format: str | None = described("pdf, docx, text, ... (as in formatDistribution).")
    traffic: int = defined("Documents to fix", "traffic: views + previews + downloads. " + SUMMED)
    searchable: bool | None = defined("Searchability rate", "null when its file was not read. " + AS_OF)
    reason: str = defined("Not searchable", "The whole reason it is searchable or not. " + AS_OF)
    recommendations: list[str] = defined("Documents to fix", "The fixes, most important first. " + AS_OF)


class DocumentSearchability(Model):
    """The seed's DocumentSearchability, as of asOf (rates 0–1, the seed's × 100 apart)."""

    total_documents: int = defined("Documents", AS_OF)
    searchable_documents: int = defined("Searchability rate", "Documents whose text can be extracted. " + AS_OF)
    read_documents: int = defined("Searchability rate", "Documents whose file was read: the rate's base. " + AS_OF)
    indexed_documents: int = defined("Indexing rate", "Documents the site search has indexed. " + AS_OF)
    searchability_rate: float | None = defined("Searchability rate", AS_OF)
    indexing_rate: float | None = defined("Indexing rate", AS_OF)
    missing_metadata: int = defined("Missing metadata", AS_OF)
    missing_title: int = defined("Missing metadata", "Of them, without a title. " + AS_OF)
    missing_description: int = defined("Missing metadata", "Of them, without a description. " + AS_OF)
    documents_to_fix: int = defined("Documents to fix", AS_OF)
    not_searchable: list[DocumentNotSearchable] = defined("Not searchable", "Most documents first. " + AS_OF)
    recommendations: list[DocumentFix] = defined("Documents to fix", "Every document to fix, a page at a time, "
                                                 "the most traffic of the range first (then people's requests; "
                                                 "for one day the report's order).")
    page: Page


class DocumentPerformance(Model):
    """The seed's DocumentAnalytics.performance."""

    average_download_time: float | None = defined("Average download time", "ms. Over a range: the mean of every "
                                                  "timed request of the range.")
    download_success_rate: float | None = defined("Download success", RATIO)
    preview_conversion: float | None = defined("Preview → download conversion", RECOUNTED)
    preview_to_download_rate: float | None = defined("Preview → download conversion", "The seed's downloads / "
                                                     "previews. " + RATIO)
    conversion_rates: list[DocumentConversionRate] = defined("Preview → download conversion", f"The {TOP_N} "
                                                             "documents with the most previewers.")
    searchability: DocumentSearchability


class DocumentAnalytics(Model):
    """The seed's DocumentAnalytics, over the period."""

    period: PeriodInfo
    overview: DocumentOverview
    usage: DocumentUsageSection
    performance: DocumentPerformance


def document_analytics(store: Store, period: Period, query: Query, tz: str) -> DocumentAnalytics:
    params = period.params()
    storage = next((r for r in store.rows("storage", params) if r["media_type"] == "document"), None)
    s = store.one("documents_searchability", params)
    access = store.one("documents_access", params)
    conversion = store.rows("documents_conversion", params)
    by_id = {r["media_id"]: r for r in conversion}
    previewers = sum(r["previewers"] for r in conversion)
    fixes = store.rows("documents_fixes", {**params, "limit": query.limit, "offset": query.offset})
    return DocumentAnalytics(
        period=PeriodInfo.of(period),
        overview=DocumentOverview(
            total_documents=s["documents"], total_size=storage["original_bytes"] if storage else 0,
            total_downloads=access["downloads"], average_file_size=storage["avg_file_bytes"] if storage else None,
            format_distribution=[DocumentFormat(
                format=r["doc_format"], documents=r["documents"], searchable=r["searchable"],
                searchability_known=r["searchability_known"], downloads=int(r["downloads"]))
                for r in store.rows("documents_formats", params)]),
        usage=DocumentUsageSection(
            most_downloaded_docs=[document_usage(r, by_id.get(r["media_id"]))
                                  for r in store.rows("documents_downloads", {**params, "limit": TOP_N})],
            recent_uploads=[RecentUpload(id=r["media_id"], filename=r["filename"], type=r["media_type"],
                                         size=r["bytes"], uploaded_at=r["created_at"]) for r in store.rows(
                "recent_uploads", {**params, "media_type": "document", "tz": tz, "limit": TOP_N, "offset": 0})],
            access_patterns=[DocumentAccessPattern(kind="source", name=n, count=access[f"from_{n}"]) for n in SOURCES]
            + [DocumentAccessPattern(kind="device", name=n.removesuffix("_device"), count=access[f"{n}_requests"])
               for n in DEVICES]),
        performance=DocumentPerformance(
            average_download_time=access["avg_download_time_ms"],
            download_success_rate=access["download_success_rate"],
            preview_conversion=sum(r["converted"] for r in conversion) / previewers if previewers else None,
            preview_to_download_rate=access["preview_to_download_rate"],
            conversion_rates=[DocumentConversionRate(id=r["media_id"], filename=r["filename"],
                                                     previewers=r["previewers"], converted=r["converted"],
                                                     conversion_rate=r["converted"] / r["previewers"])
                              for r in conversion[:TOP_N]],
            searchability=DocumentSearchability(
                total_documents=s["documents"], searchable_documents=s["searchable"],
                read_documents=s["searchability_known"], indexed_documents=s["indexed"],
                searchability_rate=s["searchability_rate"], indexing_rate=s["indexing_rate"],
                missing_metadata=s["missing_metadata"], missing_title=s["missing_title"],
                missing_description=s["missing_description"], documents_to_fix=s["to_fix"],
                not_searchable=[DocumentNotSearchable(**r) for r in store.rows("documents_reasons", params)],
                recommendations=[DocumentFix(id=r["media_id"], filename=r["filename"], format=r["doc_format"],
                                             traffic=int(r["traffic"]), searchable=r["searchable"], reason=r["reason"],
                                             recommendations=r["recommendations"]) for r in fixes],
                page=Page(limit=query.limit, next_cursor=next_cursor(query, len(fixes))))),
    )


def document_usage(r: dict, conversion: dict | None) -> DocumentUsage:
    return DocumentUsage(
        id=r["media_id"], filename=r["filename"], format=r["doc_format"], downloads=int(r["downloads"]),
        previews=int(r["previews"]), views=int(r["views"]),
        preview_conversion=conversion["converted"] / conversion["previewers"] if conversion else None,
        preview_to_download_rate=r["preview_to_download_rate"], download_success_rate=r["download_success_rate"],
        average_download_time=r["avg_download_time_ms"], searchable=r["searchable"])
