"""The day's report: the static HTML page with its charts, and the email that carries it."""

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg

from assets.delivery.assets import daily_delivery_totals, daily_media_delivery, unmatched_requests
from assets.documents.assets import daily_document_access, document_searchability
from assets.report.exports import write_exports
from assets.files.assets import media_duplicates
from assets.images.assets import image_optimization_opportunities
from assets.shared.checks import WAREHOUSE_POOL, failed_data_checks, partition_day
from assets.report.data import load_daily_report
from assets.report.site import write_report_site
from assets.shared.resources import MetricsResource, ReportingResource, WarehouseResource
from assets.shared.warehouse import transaction, write
from assets.storage.assets import daily_storage, unused_media
from assets.ingest.assets import raw_usage_events
from assets.usage.assets import daily_media_usage
from assets.video.assets import daily_video_engagement, video_retention, video_views
from assets.video.opportunities import video_optimization_opportunities
from assets.shared.partitions import TREND_DAYS, WEEK_AND_DAY, daily_partitions, days_ending_on_the_day
from reports.attention import RULES, attention
from reports.charts import render_charts
from reports.format import format_bytes
from reports.headlines import headline_markdown
from reports.type_charts import render_type_charts
from reports.email import EmailDeliveryError, build_message, new_message_id, send_smtp, write_eml
from reports.render import email_subject, render_email_html, render_email_text


@dg.asset(
    partitions_def=daily_partitions,
    group_name="report",
    kinds={"html"},
    pool=WAREHOUSE_POOL,
    deps=[daily_video_engagement, video_retention, image_optimization_opportunities, media_duplicates,
          document_searchability, daily_document_access, video_optimization_opportunities,
          # the 30-day trends and the comparisons with the previous day and 7-day mean
          *(dg.AssetDep(asset, partition_mapping=days_ending_on_the_day(TREND_DAYS))
            for asset in (daily_media_usage, daily_storage, unused_media, daily_media_delivery,
                          daily_delivery_totals, video_views)),
          # unique visitors of the last 8 days, recounted from the events; broken links that are new
          # (no 4xx for the path in the 7 days before)
          *(dg.AssetDep(asset, partition_mapping=days_ending_on_the_day(WEEK_AND_DAY))
            for asset in (raw_usage_events, unmatched_requests))],
    check_specs=[dg.AssetCheckSpec(
        "daily_report_is_not_empty", asset="daily_report",
        description="The page was written and the library it describes has files.",
    ), *(dg.AssetCheckSpec(f"daily_report_{rule}", asset="daily_report",
                           description=f"What needs attention (a warning when crossed): {watched}.")
         for rule, watched in RULES.items())],
)
def daily_report(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    metrics: MetricsResource,
    reporting: ReportingResource,
):
    """The day's HTML report: the overview `REPORTS_DIR/<day>/index.html` (storage, usage, most used
    media, performance, video, images, 30-day trend, unused media and savings, recent uploads, data
    quality, metric footnotes; each headline number against the previous day and 7-day average), a
    page per media type beside it (images.html, videos.html, audio.html, documents.html), their
    PNG charts, every daily table of the day as CSV and Parquet in `<day>/exports/` (linked from the
    page), and `REPORTS_DIR/index.html` listing every day built."""
    day = partition_day(context)
    with warehouse.connect() as con:
        report = load_daily_report(con, day, metrics.timezone, metrics.unused_lookback_days)
        exports = write_exports(con, day, Path(reporting.reports_dir) / day.isoformat() / "exports")
    report = dataclasses.replace(report, exports=exports, failed_checks=failed_checks(context))
    items = attention(report)
    page = write_report_site(Path(reporting.reports_dir), report, render_charts(report), render_type_charts(report))
    with warehouse.connect() as con:
        record_built_day(con, day, context.run_id)
    return dg.MaterializeResult(
        metadata={
            "report": dg.MetadataValue.path(str(page)),
            "headlines": dg.MetadataValue.md(headline_markdown(report)),
            "type_pages": dg.MetadataValue.json({p.title: str(page.with_name(p.filename))
                                                 for p in report.type_pages}),
            "files": report.storage.files,
            "bytes": report.storage.bytes,
            "storage": format_bytes(report.storage.bytes),
            "views": report.usage.views,
            "unique_users": report.usage.unique_users,
            "cleanup_candidates": next(
                c.files for c in report.unused_classes if c.evidence_class == "cleanup_candidate"),
            "rows_rejected": report.data_quality.rows_rejected,
            "exported_tables": len(exports),
        },
        check_results=[dg.AssetCheckResult(
            check_name="daily_report_is_not_empty",
            passed=page.stat().st_size > 0 and report.storage.files > 0,
            metadata={"page_bytes": page.stat().st_size, "files": report.storage.files},
        ), *(dg.AssetCheckResult(
            check_name=f"daily_report_{rule}", severity=dg.AssetCheckSeverity.WARN,
            passed=not any(a.rule == rule for a in items),
            metadata={"attention": "; ".join(a.text for a in items if a.rule == rule) or "nothing crossed the rule"},
        ) for rule in RULES)],
    )


def record_built_day(con, day, run_id: str) -> None:
    """`day` is built: its report was written from its daily tables (built_days: the read API's
    built days, ETag and Last-Modified)."""
    write(con, [("DELETE FROM built_days WHERE day = $day", {"day": day}),
                ("INSERT INTO built_days VALUES ($day, now(), $run_id)", {"day": day, "run_id": run_id})])


def failed_checks(context: dg.AssetExecutionContext) -> list[str]:
    """The day's data checks (severity error) whose latest evaluation failed — the unique-key and
    reject-ratio checks of its tables, in this run or an earlier one of the day (a range build
    checks them in the day's first run) — but not this asset's own checks, which this run
    evaluates afresh. The report says so first."""
    return failed_data_checks(context.instance, context.partition_key,
                              ignore=context.assets_def.check_keys)


class ReportEmailConfig(dg.Config):
    force: bool = False
    """Send even if this day's report already went to a recipient, or the day is older than
    REPORT_EMAIL_MAX_AGE_DAYS (a backfill)."""


@dg.asset(
    partitions_def=daily_partitions,
    group_name="report",
    kinds={"email"},
    pool=WAREHOUSE_POOL,
    deps=[daily_report],
)
def report_email(
    context: dg.AssetExecutionContext,
    config: ReportEmailConfig,
    warehouse: WarehouseResource,
    metrics: MetricsResource,
    reporting: ReportingResource,
):
    """The day's report as an email (HTML with inline charts and a plain-text alternative) to
    REPORT_RECIPIENTS: through SMTP when SMTP_HOST is set, else as an .eml file in OUTBOX_DIR.

    A day's report goes to each recipient once (the `email_ledger` table remembers); days older
    than REPORT_EMAIL_MAX_AGE_DAYS — a backfill — are not emailed. Run with `force: true` to send
    anyway."""
    day = partition_day(context)
    today = datetime.now(ZoneInfo(metrics.timezone)).date()
    if not config.force and today - day > timedelta(days=reporting.email_max_age_days):
        return _skipped(f"{day} is more than {reporting.email_max_age_days} day(s) old: a backfill is not emailed")
    with warehouse.connect() as con:
        already = {r[0] for r in con.execute(
            "SELECT recipient FROM email_ledger WHERE day = $day", {"day": day}).fetchall()}
        recipients = [r for r in reporting.recipients if config.force or r not in already]
        if not recipients:
            return _skipped(f"the report for {day} was already sent to every recipient")
        message_id = _record_intent(con, day, recipients, reporting.sender, retry=not config.force)
        report = load_daily_report(con, day, metrics.timezone, metrics.unused_lookback_days)
    report = dataclasses.replace(report, failed_checks=failed_checks(context))
    charts = render_charts(report)
    report_url = f"{reporting.base_url}/{day.isoformat()}/index.html" if reporting.base_url else None
    message = build_message(email_subject(report), render_email_html(report, charts, report_url=report_url),
                            render_email_text(report, report_url=report_url), charts, reporting.sender,
                            recipients, message_id=message_id)
    if reporting.smtp_host:
        transport = f"smtp://{reporting.smtp_host}:{reporting.smtp_port or _default_port(reporting.smtp_security)}"
        try:
            send_smtp(message, reporting.smtp_host, reporting.smtp_port or _default_port(reporting.smtp_security),
                      reporting.smtp_security, reporting.smtp_user or None, reporting.smtp_password or None)
        except EmailDeliveryError as error:
            raise dg.Failure(f"The report email for {day} was not sent: {error}") from error
        where = dg.MetadataValue.text(transport)
    else:
        path = write_eml(message, reporting.outbox_dir, day)
        transport = "outbox"
        where = dg.MetadataValue.path(str(path))
    with warehouse.connect() as con, transaction(con):
        con.executemany(
            "INSERT INTO email_ledger VALUES ($day, $recipient, now(), $transport, $message_id)",
            [{"day": day, "recipient": r, "transport": transport, "message_id": message["Message-ID"]}
             for r in recipients],
        )
        con.execute("DELETE FROM email_intents WHERE day = $day AND list_contains($recipients, recipient)",
                    {"day": day, "recipients": recipients})
    return dg.MaterializeResult(metadata={
        "sent": True, "subject": message["Subject"], "recipients": ", ".join(recipients), "delivered_to": where,
    })


def _record_intent(con, day, recipients: list[str], sender: str, retry: bool) -> str:
    """The Message-ID to send `day`'s report to `recipients` with, recorded in email_intents before
    any SMTP exchange: the one an earlier, unfinished try recorded for them (`retry`), else a new one."""
    pending = con.execute(
        "SELECT min(message_id) FROM email_intents WHERE day = $day AND list_contains($recipients, recipient)",
        {"day": day, "recipients": recipients},
    ).fetchone()[0] if retry else None
    message_id = pending or new_message_id(sender)
    with transaction(con):  # one intent per day and recipient: the newest replaces an older one
        con.execute("DELETE FROM email_intents WHERE day = $day AND list_contains($recipients, recipient)",
                    {"day": day, "recipients": recipients})
        con.executemany(
            "INSERT INTO email_intents VALUES ($day, $recipient, $message_id, now())",
            [{"day": day, "recipient": r, "message_id": message_id} for r in recipients],
        )
    return message_id


def _skipped(reason: str) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"sent": False, "reason": reason})


def _default_port(security: str) -> int:
    return {"ssl": 465, "starttls": 587}.get(security, 25)
