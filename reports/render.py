"""Render a DailyReport as the static HTML page, the email's HTML and text bodies, and its subject.

Every function is pure: the report (and its charts) in, a string out. One Jinja2 environment serves
all templates, escaping HTML in `.html` templates and failing on undefined names.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from pathlib import Path

import css_inline
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from reports import format as fmt
from reports.attention import attention
from reports.charts import Chart
from reports.model import DailyReport, Footnote, TypePage

EMAIL_ROW_LIMIT = 5  # the email carries the top of each list; the full pages have the rest
EMAIL_FILENAME_WIDTH = 40

_CLASS_LABELS = {
    "in_use": ("In use", True, True),
    "stale": ("Stale", True, False),
    "hot_linked": ("Hot-linked", False, True),
    "cleanup_candidate": ("Cleanup candidate", False, False),
}


@dataclass(frozen=True)
class EvidenceRow:
    """One evidence class of unused media, labelled for display, with its share of all files."""

    key: str
    label: str
    referenced: bool | None
    delivered: bool | None
    files: int
    bytes: int
    share_of_files: float | None


def shorten(value: str, width: int | None) -> str:
    """Return `value` cut in the middle to at most `width` characters ("long-n…d.jpg").

    A `width` of None returns it whole."""
    if width is None or len(value) <= width:
        return value
    head = (width - 1) // 2 + (width - 1) % 2
    tail = width - 1 - head
    return value[:head] + "…" + (value[-tail:] if tail else "")


def cell(value: object, width: int, align: str = "<") -> str:
    """Return `value` as text shortened and padded to exactly `width` characters."""
    return f"{shorten(str(value), width):{align}{width}}"


def _term_key(term: str) -> str:
    without_notes = re.sub(r"\(.*?\)", "", term)
    return re.sub(r"[^0-9a-z]+", "", without_notes.casefold())


def footnote_lookup(footnotes: Sequence[Footnote]) -> Callable[[str], int | None]:
    """Return a function giving a label's 1-based footnote number (None without one); a
    footnote's aliases lead to it too.

    Case, punctuation, spacing and parenthesised parts are ignored: the term "Click-through rate
    (CTR)" matches the label "click-through rate".
    """
    numbers: dict[str, int] = {}
    for number, note in enumerate(footnotes, start=1):
        for term in (note.term, *note.aliases):
            numbers.setdefault(_term_key(term), number)
    return lambda label: numbers.get(_term_key(label))


class FootnotesInUse:
    """A page's footnote numbers, given in the order its labels first ask for them: the page's
    Definitions section then lists only the terms that page uses (`used`), numbered 1, 2, … as
    they appear. Call it with a label: its number, or None when no footnote defines it."""

    def __init__(self, footnotes: Sequence[Footnote]):
        self._lookup = footnote_lookup(footnotes)
        self._footnotes = list(footnotes)
        self._numbers: dict[int, int] = {}  # position in `footnotes` -> number on the page

    def __call__(self, label: str) -> int | None:
        position = self._lookup(label)
        if position is None:
            return None
        return self._numbers.setdefault(position, len(self._numbers) + 1)

    @property
    def used(self) -> list[tuple[int, Footnote]]:
        """(number, footnote) of every term asked for so far, by number."""
        return sorted((number, self._footnotes[position - 1]) for position, number in self._numbers.items())


def evidence_rows(report: DailyReport) -> list[EvidenceRow]:
    """Return the unused-media classes labelled, in a fixed order: in use, stale, hot-linked,
    cleanup candidate, then any other class by name."""
    order = {key: rank for rank, key in enumerate(_CLASS_LABELS)}
    total = sum(c.files for c in report.unused_classes)
    rows = []
    ranked = sorted(report.unused_classes,
                    key=lambda c: (order.get(c.evidence_class, len(order)), c.evidence_class))
    for c in ranked:
        default = (c.evidence_class.replace("_", " ").capitalize(), None, None)
        label, referenced, delivered = _CLASS_LABELS.get(c.evidence_class, default)
        rows.append(EvidenceRow(c.evidence_class, label, referenced, delivered, c.files, c.bytes,
                                c.files / total if total else None))
    return rows


def cleanup_totals(report: DailyReport) -> tuple[int, int]:
    """Return (files, bytes) of all cleanup candidates: the class total, else the listed ones."""
    for c in report.unused_classes:
        if c.evidence_class == "cleanup_candidate":
            return c.files, c.bytes
    listed = report.cleanup_candidates
    return len(listed), sum(c.potential_savings_bytes for c in listed)


def email_subject(report: DailyReport) -> str:
    """Return the subject line, e.g. "Media analytics — 2026-11-23: 1,234 files, 2.4 GB, 156 cleanup
    candidates (340 MB)"."""
    candidates, savings = cleanup_totals(report)
    storage = report.storage
    return (
        f"Media analytics — {fmt.format_date(report.day)}: "
        f"{_counted(storage.files, 'file')}, {fmt.format_bytes(storage.bytes)}, "
        f"{_counted(candidates, 'cleanup candidate')} ({fmt.format_bytes(savings)})"
    )


def _counted(n: int, noun: str) -> str:
    return f"{fmt.format_count(n)} {noun}{'' if n == 1 else 's'}"


def render_report_html(report: DailyReport, charts: Sequence[Chart], *,
                       index_href: str | None = None) -> str:
    """Return the standalone HTML page; charts are referenced by file name, to sit beside the page.

    With `index_href` (e.g. "../index.html") the page links back to the index of all days.
    """
    context = _context(report, charts, img_src=lambda c: c.filename, row_limit=None,
                       filename_width=None, compact=False, index_href=index_href, current_page="index.html")
    return _ENV.get_template("report.html").render(context)


def render_type_page_html(report: DailyReport, page: TypePage, charts: Sequence[Chart], *,
                          index_href: str | None = None) -> str:
    """Return one media type's page (`page.filename`, beside the overview): its headline numbers
    with their changes, 30-day trend, formats, most used, playback or image sections, most
    bandwidth-hungry items and largest cleanup candidates."""
    context = _context(report, charts, img_src=lambda c: c.filename, row_limit=None, filename_width=None,
                       compact=False, index_href=index_href, current_page=page.filename, page=page)
    return _ENV.get_template("type_page.html").render(context)


def render_index_html(days: Iterable[date]) -> str:
    """Return the index page linking to `<day>/index.html` for each day, newest first, by month."""
    newest_first = sorted(set(days), reverse=True)
    months = [(f"{month:%B %Y}", list(group))
              for month, group in groupby(newest_first, key=lambda d: d.replace(day=1))]
    return _ENV.get_template("index.html").render(days=newest_first, months=months)


def render_email_html(report: DailyReport, charts: Sequence[Chart], *, report_url: str | None = None) -> str:
    """Return the email's HTML body: table layout, CSS inlined, charts as `cid:` references; with
    `report_url`, a link to the full report page."""
    context = _context(report, charts, img_src=lambda c: f"cid:{c.cid}", row_limit=EMAIL_ROW_LIMIT,
                       filename_width=EMAIL_FILENAME_WIDTH, compact=True, report_url=report_url)
    html = _INLINER.inline(_ENV.get_template("email.html").render(context))
    # Gmail clips a message whose HTML passes ~102 kB: once the styles are inline, class names and
    # hover titles (no hover in a mail client) are only weight
    return _EMAIL_ONLY_WEIGHT.sub("", html)


def render_email_text(report: DailyReport, *, report_url: str | None = None) -> str:
    """Return the email's plain-text body with the same key numbers as the HTML (and the link)."""
    context = _context(report, [], img_src=lambda c: c.filename, row_limit=EMAIL_ROW_LIMIT,
                       filename_width=None, compact=True, report_url=report_url)
    text = _ENV.get_template("email.txt").render(context)
    return "\n".join(wrap_line(line.rstrip()) for line in text.splitlines()) + "\n"


TEXT_WIDTH = 78  # RFC 5322's recommended line length: mail clients show it without reflowing


def wrap_line(line: str, width: int = TEXT_WIDTH) -> str:
    """Return `line` wrapped at `width`, continuation lines indented two more than the line; a
    single word longer than that (a URL) stays whole on its own line."""
    if len(line) <= width:
        return line
    indent = line[: len(line) - len(line.lstrip())]
    return "\n".join(textwrap.wrap(line.strip(), width=width, initial_indent=indent,
                                    subsequent_indent=indent + "  ", break_long_words=False,
                                    break_on_hyphens=False))


def _context(report: DailyReport, charts: Sequence[Chart], **options: object) -> dict[str, object]:
    trend = report.trend
    return {
        "report": report,
        "charts": {c.name: c for c in charts},
        "footnote_number": FootnotesInUse(report.footnotes),
        "compare": report.comparison,
        "nav_pages": [("index.html", "Overview"), *((p.filename, p.title) for p in report.type_pages)],
        "type_page_files": {p.media_type: p.filename for p in report.type_pages},
        # the type pages sit beside the overview: its URL with the file name swapped
        "page_url": lambda page: str(options.get("report_url") or "").rsplit("/", 1)[0] + "/" + page.filename,
        "evidence": evidence_rows(report),
        "attention": attention(report),
        # an item's link: on the page itself; in the email, on the published report (none without one)
        "page_url_for": lambda href: href if not options.get("compact") else (
            str(options["report_url"]).rsplit("/", 1)[0] + "/" + ("index.html" if href.startswith("#") else "") + href
            if options.get("report_url") else ""),
        "cleanup_total": cleanup_totals(report),
        "trend_totals": {
            "views": sum(p.views for p in trend),
            "clicks": sum(p.clicks for p in trend),
            "downloads": sum(p.downloads for p in trend),
            # the files and storage compared are at the end of the first and the last day, so the
            # uploads and deletions between them are those after the first day: files(last) =
            # files(first) + uploads - deletions, as a reader checks it
            "uploads": sum(p.uploads for p in trend[1:]),
            "deletions": sum(p.deletions for p in trend[1:]),
        },
        **options,
    }


def _environment() -> Environment:
    env = Environment(
        # beside this file rather than PackageLoader("reports"): tests/reports/ can shadow the
        # package name as a namespace package when pytest puts tests/ on sys.path
        loader=FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        bytes=fmt.format_bytes,
        exact_bytes=fmt.exact_bytes,
        thousands=fmt.format_count,
        number=fmt.format_number,
        percent=fmt.format_percent,
        exact_percent=fmt.exact_percent,
        duration=fmt.format_duration,
        ms=fmt.format_milliseconds,
        clock=fmt.format_clock,
        date=fmt.format_date,
        datetime=fmt.format_datetime,
        change=fmt.format_change,
        value=fmt.format_value,
        exact_datetime=fmt.exact_datetime,
        shorten=shorten,
        cell=cell,
    )
    return env


_ENV = _environment()
_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False)
_EMAIL_ONLY_WEIGHT = re.compile(r' (?:class|title)="[^"]*"')
