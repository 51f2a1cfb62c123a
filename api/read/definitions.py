"""Every field's definition, taken from the report's footnotes: the one place a figure is defined.

`defined("Cache hit rate")` is the footnote's text (its term or one of its aliases); a field the
report does not show gets its definition written here once (`API_DEFINITIONS`). A term that no
footnote has fails at import, so a renamed footnote cannot leave the API undocumented.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from assets.documents.report import DOCUMENT_FOOTNOTES
from assets.images.report import IMAGE_FOOTNOTES
from assets.report.data import FOOTNOTES
from assets.video.report import VIDEO_FOOTNOTES
from assets.video.report_advice import VIDEO_ADVICE_FOOTNOTES
from reports.attention import ATTENTION_FOOTNOTE

ALL_FOOTNOTES = [ATTENTION_FOOTNOTE, *FOOTNOTES, *VIDEO_FOOTNOTES, *IMAGE_FOOTNOTES, *DOCUMENT_FOOTNOTES,
                 *VIDEO_ADVICE_FOOTNOTES]


def footnote(term: str) -> str:
    """The report's definition of `term` (a footnote's term or alias)."""
    for note in ALL_FOOTNOTES:
        if term == note.term or term in note.aliases:
            return f"{note.term}: {note.definition}"
    raise KeyError(f"no report footnote defines {term!r}: add one, or define the field in api/read/definitions.py")


def defined(term: str, note: str = "", **kwargs: Any) -> Any:
    """A response field whose definition is the report's footnote for `term` (+ what the API adds)."""
    return Field(description=footnote(term) + (f" {note}" if note else ""), **kwargs)


def described(text: str, **kwargs: Any) -> Any:
    """A response field the report does not show, defined here."""
    return Field(description=text, **kwargs)
