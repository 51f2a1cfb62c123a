"""Documents for the searchability tests: the real PDFs of tests/data/documents and files made here
the way their programs make them (an OCR'd scan, a DOCX, HTML, Markdown, text, CSV, a legacy .doc)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from fpdf import FPDF
from PIL import Image
from conftest import DATA

REAL = DATA / "documents"
IMAGE_ONLY = ["007-imagemagick-images_imagemagick-ASCII85Decode.pdf", "007-imagemagick-images_imagemagick-images.pdf",
              "019-grayscale-image_grayscale-image.pdf", "023-cmyk-image_cmyk-image.pdf",
              "008-reportlab-inline-image_inline-image.pdf"]
BORN_DIGITAL = ["004-pdflatex-4-pages_pdflatex-4-pages.pdf", "011-google-doc-document_google-doc-document.pdf",
                "015-arabic_habibi.pdf", "021-pdfa_crazyones-pdfa.pdf"]
ENCRYPTED = "005-libreoffice-writer-password_libreoffice-writer-password.pdf"
UNREADABLE_METADATA = "017-unreadable-meta-data_unreadablemetadata.pdf"
XMP = "020-xmp_output_with_metadata_pymupdf.pdf"

OCR_LINES = ["Minutes of the board meeting held in the harbour office on the first of March.",
             "The trustees approved the accounts and the new collections policy for the museum."]
DOCX_PARAGRAPHS = ["Annual report of the harbour trust", "Visitors rose by a fifth over the year."]
HTML = """<!doctype html><html><head><title>Opening hours</title>
<meta name="description" content="When the galleries are open">
<style>body { color: red }</style><script>var hidden = "not text";</script></head>
<body><h1>Opening   hours</h1><p>Open daily from ten &amp; closed on Mondays.</p></body></html>"""
HTML_TEXT = "Opening hours Open daily from ten & closed on Mondays."  # what a reader sees
NOTE = ("The education team runs guided walks along the harbour every Saturday morning during the "
        "summer season, and schools can book their own visits through the front desk.\n")
MARKDOWN = "# Volunteer handbook\n\nWelcome to the volunteer team of the harbour museum.\n"


def ocr_pdf() -> bytes:
    """A scanned page (one grey picture) under an invisible text layer, as OCR tools write them."""
    picture = io.BytesIO()
    Image.new("L", (600, 800), 240).save(picture, "PNG")
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(picture, x=0, y=0, w=210, h=297)
    pdf.set_font("helvetica", size=11)
    pdf.text_mode = "INVISIBLE"
    for number, text in enumerate(OCR_LINES):
        pdf.text(20, 30 + 10 * number, text)
    return bytes(pdf.output())


def docx(title: str) -> bytes:
    """A minimal WordprocessingML package: content types, the body and the core properties."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in DOCX_PARAGRAPHS)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>'))
        archive.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>')
        archive.writestr("docProps/core.xml", (
            '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{title}</dc:title><dc:subject>Figures for the year</dc:subject></cp:coreProperties>"))
    return buffer.getvalue()


def write_library(root: Path) -> None:
    """Every document under `root/docs/`."""
    folder = root / "docs"
    folder.mkdir(parents=True)
    for name in [*IMAGE_ONLY, *BORN_DIGITAL, ENCRYPTED, UNREADABLE_METADATA, XMP]:
        shutil.copy(REAL / name, folder / name)
    (folder / "scan-with-ocr.pdf").write_bytes(ocr_pdf())
    (folder / "annual-report.docx").write_bytes(docx("Annual report 2025"))
    (folder / "untitled-report.docx").write_bytes(docx("Microsoft Word - Document1"))
    (folder / "hours.html").write_text(HTML, encoding="utf-8")
    (folder / "walks.txt").write_text(NOTE, encoding="utf-8")
    (folder / "handbook.md").write_text(MARKDOWN, encoding="utf-8")
    (folder / "figures.csv").write_text("month,visitors\nMarch,3120\n", encoding="utf-8")
    (folder / "old-minutes.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
