"""Text and metadata read from documents (runs in the scan's worker processes: no Dagster here).

What search engines and site search can index is the text a document gives up: a PDF's text layer,
a text file's characters, an Office Open XML file's runs of text. This module samples that text,
counts it, guesses its language and reads the title and description the file carries itself, for
`media_file_facts`. Whether the document counts as searchable is decided from these facts in
`assets/documents/sql/document_searchability.sql`, where the thresholds are written down.

Never raises for a bad file: a damaged part is reported in `error` (or, for metadata alone, left
out) so that the scan goes on.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from xml.etree.ElementTree import ParseError, XMLPullParser

from pypdf import PdfReader

PDF_TEXT_PAGES = 3  # the text layer is sampled from the first pages: enough to tell scans from text
TEXT_SAMPLE_BYTES = 1 << 20  # text formats: the first MiB is read
OFFICE_XML_BYTES = 32 << 20  # Office parts: at most this much XML is parsed (a zip bomb stops here)
MAX_TEXT_CHARS = 100_000  # characters counted at most outside PDFs (the sample's size)
LANGUAGE_SAMPLE_CHARS = 5_000
MIN_LANGUAGE_CHARS = 40  # shorter text (a caption, a form label) does not say which language it is
MIN_LANGUAGE_CONFIDENCE = 0.9  # py3langid's normalised probability

TEXT_FORMATS = {"txt": "text", "text": "text", "md": "markdown", "markdown": "markdown", "csv": "csv",
                "tsv": "csv", "html": "html", "htm": "html", "xhtml": "html"}
# Office Open XML: the part that identifies each kind and the parts holding its text.
OFFICE_KINDS = (
    ("docx", "word/document.xml", re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml")),
    ("xlsx", "xl/workbook.xml", re.compile(r"xl/(sharedStrings|worksheets/sheet\d+)\.xml")),
    ("pptx", "ppt/presentation.xml", re.compile(r"ppt/slides/slide\d+\.xml")),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INLINE_IMAGE = re.compile(rb"(?<![^\s])BI(?![^\s])")  # the BI operator, a token of its own


def document_facts(target: Path, detected_format: str | None) -> dict:
    """The document facts of a file whose content is `detected_format` (PDF, TEXT, ZIP, ...);
    an empty dict for a format that holds no document text."""
    if detected_format == "PDF":
        return pdf_facts(target)
    if detected_format == "TEXT":
        return text_facts(target)
    if detected_format == "ZIP":
        return office_facts(target)
    return {}


def clean(value: object) -> str | None:
    """Text metadata without control characters (PDF titles often end in NUL) or outer
    whitespace; None when nothing is left."""
    if value is None:
        return None
    text = _CONTROL.sub("", str(value)).strip()
    return text or None


def language_of(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short or the guess is
    not confident (py3langid's probability under 0.9)."""
    sample = " ".join(text[:LANGUAGE_SAMPLE_CHARS].split())
    if sum(ch.isalpha() for ch in sample) < MIN_LANGUAGE_CHARS:
        return None
    language, confidence = _language_identifier().classify(sample)
    return language if confidence >= MIN_LANGUAGE_CONFIDENCE else None


@cache
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # loaded once per worker, when needed

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def pdf_facts(target: Path) -> dict:
    """Pages, the text of the first pages (characters, pages holding images, language), the
    embedded title and description (information dictionary, else XMP), encryption."""
    facts: dict = {"pdf_encrypted": False, "doc_format": "pdf"}
    try:
        reader = PdfReader(target)
        if reader.is_encrypted:
            facts["pdf_encrypted"] = True
            if not reader.decrypt(""):
                facts["error"] = "encrypted PDF (needs a password)"
                return facts
        facts.update(_pdf_metadata(reader))
        pages = reader.pages
        facts["pdf_page_count"] = len(pages)
        texts, image_pages = [], 0
        for page in pages[:PDF_TEXT_PAGES]:
            texts.append((page.extract_text() or "").strip())
            image_pages += _has_images(page)
        facts["pdf_text_chars"] = facts["doc_text_chars"] = sum(len(t) for t in texts)
        facts["pdf_image_pages"] = image_pages
        facts["doc_language"] = language_of("\n".join(texts))
    except Exception as exc:  # pypdf raises many kinds on damaged files; the scan must go on
        facts["error"] = f"cannot read PDF: {type(exc).__name__}: {exc}"
    return facts


def _pdf_metadata(reader: PdfReader) -> dict:
    """Title and description from the information dictionary, else XMP (dc:title,
    dc:description). Unreadable metadata is left out: it does not make the pages unreadable."""
    found: dict = {}
    try:
        info = reader.metadata
        if info:
            found["pdf_title"] = clean(info.title)
            found["doc_title"] = found["pdf_title"]
            found["doc_description"] = clean(info.subject)
    except Exception:  # noqa: BLE001 - a damaged /Info dictionary
        pass
    try:
        xmp = reader.xmp_metadata
        if xmp:
            found["doc_title"] = found.get("doc_title") or _xmp_text(xmp.dc_title)
            found["doc_description"] = found.get("doc_description") or _xmp_text(xmp.dc_description)
    except Exception:  # noqa: BLE001 - a damaged XMP stream
        pass
    return found


def _xmp_text(value: object) -> str | None:
    """An XMP language alternative ({'x-default': ...}) or plain value as text."""
    if isinstance(value, dict):
        value = value.get("x-default") or next(iter(value.values()), None)
    return clean(value)


def _has_images(page) -> bool:
    """The page draws a picture: an image XObject (directly or inside a form XObject) or an inline
    image (the BI operator). Looked up in the resources and the raw content rather than with
    pypdf's page.images, which parses the content stream a second time."""
    try:
        if _xobject_images(page.get("/Resources"), depth=0):
            return True
        contents = page.get_contents()
        return contents is not None and _INLINE_IMAGE.search(contents.get_data()) is not None
    except Exception:  # noqa: BLE001 - an unreadable image does not make the text unreadable
        return False


def _xobject_images(resources, depth: int) -> bool:
    if resources is None or depth > 5:  # forms nest; a loop of forms must end
        return False
    xobjects = resources.get_object().get("/XObject")
    for ref in (xobjects.get_object().values() if xobjects is not None else ()):
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Image":
            return True
        if xobject.get("/Subtype") == "/Form" and _xobject_images(xobject.get("/Resources"), depth + 1):
            return True
    return False


def text_facts(target: Path) -> dict:
    """The first MiB of a text file (UTF-8, else Windows-1252): its characters and language; an
    HTML file's visible text, <title> and meta description; a Markdown file's first # heading."""
    doc_format = TEXT_FORMATS.get(target.suffix.lower().lstrip("."), "text")
    with open(target, "rb") as handle:
        data = handle.read(TEXT_SAMPLE_BYTES)
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    facts: dict = {"doc_format": doc_format}
    if doc_format == "html":
        page = _HtmlText()
        page.feed(text)
        page.close()
        text = " ".join(" ".join(page.text).split())
        facts["doc_title"] = clean(" ".join(page.title))
        facts["doc_description"] = clean(page.description)
    elif doc_format == "markdown":
        heading = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
        facts["doc_title"] = clean(heading.group(1)) if heading else None
    text = text.strip()[:MAX_TEXT_CHARS]
    facts["doc_text_chars"] = len(text)
    facts["doc_language"] = None if doc_format == "csv" else language_of(text)
    return facts


class _HtmlText(HTMLParser):
    """The text a reader sees (not scripts or styles), the <title> and the meta description."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.title: list[str] = []
        self.description: str | None = None
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript", "template"):
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            values = dict(attrs)
            if (values.get("name") or "").lower() == "description" and self.description is None:
                self.description = values.get("content")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript", "template"):
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.text.append(data)


def office_facts(target: Path) -> dict:
    """A DOCX, XLSX or PPTX file's text (runs of text in the body, sheets or slides; the first
    100,000 characters), its language and its core properties' title and description (else
    subject). A ZIP that is none of these is not a document: no facts."""
    try:
        with zipfile.ZipFile(target) as archive:
            names = archive.namelist()
            kind = next(((k, parts) for k, marker, parts in OFFICE_KINDS if marker in names), None)
            if kind is None:
                return {}
            facts: dict = {"doc_format": kind[0]}
            budget = [OFFICE_XML_BYTES]
            texts: list[str] = []
            for name in sorted((n for n in names if kind[1].fullmatch(n)), key=_natural):
                texts += [text for _, text in _xml_texts(archive, name, budget, {"t"})]
                if sum(map(len, texts)) >= MAX_TEXT_CHARS or budget[0] <= 0:
                    break
            text = " ".join(t.strip() for t in texts if t.strip())[:MAX_TEXT_CHARS]
            facts["doc_text_chars"] = len(text)
            facts["doc_language"] = language_of(text)
            if "docProps/core.xml" in names:
                core = _core_properties(archive)
                facts["doc_title"] = clean(core.get("title"))
                facts["doc_description"] = clean(core.get("description")) or clean(core.get("subject"))
            return facts
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ParseError, OSError, EOFError, RuntimeError,
            NotImplementedError, ValueError) as exc:
        return {"error": f"cannot read ZIP/Office file: {type(exc).__name__}: {exc}"}


def _natural(name: str) -> tuple:
    """slide2.xml before slide10.xml."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name))


def _xml_texts(archive: zipfile.ZipFile, name: str, budget: list[int],
               local_names: set[str]) -> list[tuple[str, str]]:
    """(local name, text) of every element whose local name (any namespace) is in `local_names`
    in the part `name`, parsing at most budget[0] bytes of XML (decremented)."""
    parser = XMLPullParser(events=("end",))
    found: list[tuple[str, str]] = []
    with archive.open(name) as part:
        while budget[0] > 0:
            chunk = part.read(min(1 << 16, budget[0]))
            if not chunk:
                break
            budget[0] -= len(chunk)
            parser.feed(chunk)
            for _, element in parser.read_events():
                local = element.tag.rsplit("}", 1)[-1]
                if local in local_names and element.text:
                    found.append((local, element.text))
                element.clear()
    return found


def _core_properties(archive: zipfile.ZipFile) -> dict[str, str]:
    """dc:title, dc:description and dc:subject of docProps/core.xml."""
    values: dict[str, str] = {}
    for key, text in _xml_texts(archive, "docProps/core.xml", [1 << 20], {"title", "description", "subject"}):
        values.setdefault(key, text)
    return values
