"""Writes document items: PDFs with a text layer, scanned (image-only) PDFs, scans with an OCR
text layer, Word (DOCX), HTML, Markdown, text and CSV files.

Text PDFs are made with fpdf2 and carry an embedded title on most of them (some the "Microsoft Word
- ..." title Word leaves when printing to PDF); scans are grey page images saved as PDF by Pillow,
so they have no text layer at all (what the searchability section must flag for OCR); OCR'd scans
are the same pictures under an invisible text layer, as OCR tools write them. DOCX files are
WordprocessingML written with the standard library. Creation dates inside the files are the item's
upload time, never the clock, so runs repeat.
"""

from __future__ import annotations

import csv
import html
import io
import random
import textwrap
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageChops, ImageDraw

from sampledata import vocabulary as words

ORGANISATION = "Harbourside Arts Trust"
EMBEDDED_TITLE_SHARE = 0.6
WORD_PRINT_TITLE_SHARE = 0.15  # of the embedded titles: "Microsoft Word - <name>.docx"
_PAGE_PIXELS = (1240, 1754)  # A4 at 150 dpi


def write_text_pdf(target: Path, rng: random.Random, title: str, pages: int,
                   created_at: float) -> None:
    """A PDF of ``pages`` pages of report text, with a real text layer."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime.fromtimestamp(created_at, tz=timezone.utc))
    pdf.set_producer("fpdf2")
    if rng.random() < EMBEDDED_TITLE_SHARE:
        word_print = rng.random() < WORD_PRINT_TITLE_SHARE
        pdf.set_title(f"Microsoft Word - {target.stem}.docx" if word_print else title)
        pdf.set_author(ORGANISATION)
    for page in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", style="B" if page == 0 else "", size=16 if page == 0 else 11)
        y = 25.0
        if page == 0:
            pdf.text(20, y, title)
            pdf.set_font("helvetica", size=11)
            y += 12
        while y < 270:
            for line in textwrap.wrap(words.paragraph(rng, rng.randrange(3, 7)), 88):
                pdf.text(20, y, line)
                y += 5.5
            y += 4
    target.write_bytes(bytes(pdf.output()))


def write_scanned_pdf(target: Path, rng: random.Random, pages: int, created_at: float) -> None:
    """A PDF of scanned grey pages: pictures of text, no text layer."""
    images = [_scanned_page(rng) for _ in range(pages)]
    stamp = time.gmtime(created_at)
    images[0].save(target, "PDF", resolution=150, save_all=True, append_images=images[1:],
                   creationDate=stamp, modDate=stamp, producer="Scanner")


def write_ocr_pdf(target: Path, rng: random.Random, pages: int, created_at: float) -> None:
    """Scanned grey pages under an invisible text layer: what an OCR tool makes of a scan."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime.fromtimestamp(created_at, tz=timezone.utc))
    pdf.set_producer("OCR")
    for _ in range(pages):
        pdf.add_page()
        picture = io.BytesIO()
        _scanned_page(rng).save(picture, "JPEG", quality=70)
        pdf.image(picture, x=0, y=0, w=210, h=297)
        pdf.set_font("helvetica", size=11)
        pdf.text_mode = "INVISIBLE"
        y = 25.0
        while y < 270:
            for line in textwrap.wrap(words.paragraph(rng, rng.randrange(3, 7)), 88):
                pdf.text(20, y, line)
                y += 5.5
            y += 4
        pdf.text_mode = "FILL"
    target.write_bytes(bytes(pdf.output()))


def write_docx(target: Path, rng: random.Random, title: str, created_at: float) -> None:
    """A Word document (WordprocessingML): paragraphs of text and core properties whose title is
    the real one, Word's default or empty."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraphs = [title] + [words.paragraph(rng, rng.randrange(2, 6)) for _ in range(rng.randrange(3, 12))]
    body = "".join(f"<w:p><w:r><w:t>{html.escape(text)}</w:t></w:r></w:p>" for text in paragraphs)
    core_title = rng.choice((title, title, "Document1", ""))
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(created_at))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
             'openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType='
             '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.'
             'openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName='
             '"/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties'
             '+xml"/></Types>'),
            ("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}">'
             f"<w:body>{body}</w:body></w:document>"),
            ("docProps/core.xml", '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp='
             '"http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc='
             '"http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">'
             f"<dc:title>{html.escape(core_title)}</dc:title><dc:creator>{ORGANISATION}</dc:creator>"
             f"<dcterms:created>{stamp}</dcterms:created></cp:coreProperties>"),
        ):
            archive.writestr(zipfile.ZipInfo(name, time.gmtime(created_at)[:6]), text)


def write_html_file(target: Path, rng: random.Random, title: str) -> None:
    """A saved web page: a <title>, sometimes a meta description, paragraphs and a script."""
    description = (f'<meta name="description" content="{html.escape(words.paragraph(rng, 1))}">'
                   if rng.random() < 0.5 else "")
    body = "".join(f"<p>{html.escape(words.paragraph(rng, rng.randrange(2, 5)))}</p>"
                   for _ in range(rng.randrange(2, 6)))
    target.write_text(f"<!doctype html><html><head><title>{html.escape(title)}</title>{description}"
                      f"<script>window.dataLayer = [];</script></head><body><h1>{html.escape(title)}</h1>"
                      f"{body}</body></html>\n", encoding="utf-8")


def write_markdown_file(target: Path, rng: random.Random, title: str) -> None:
    """A Markdown page with a first-level heading."""
    body = "\n\n".join(textwrap.fill(words.paragraph(rng, rng.randrange(2, 5)), 80)
                        for _ in range(rng.randrange(2, 6)))
    target.write_text(f"# {title}\n\n{body}\n", encoding="utf-8")


def write_text_file(target: Path, rng: random.Random, title: str) -> None:
    """A UTF-8 plain-text note."""
    body = "\n\n".join(textwrap.fill(words.paragraph(rng, rng.randrange(2, 6)), 80)
                       for _ in range(rng.randrange(2, 8)))
    target.write_text(f"{title}\n{'=' * len(title)}\n\n{body}\n", encoding="utf-8")


def write_csv_file(target: Path, rng: random.Random) -> None:
    """A small CSV table of monthly figures."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["month", "venue", "visitors", "events"])
    for month in words.MONTH_NAMES:
        for venue in rng.sample(words.PLACES, 3):
            writer.writerow([month, venue, rng.randrange(200, 9000), rng.randrange(0, 30)])
    target.write_text(buffer.getvalue(), encoding="utf-8")


def _scanned_page(rng: random.Random) -> Image.Image:
    width, height = _PAGE_PIXELS
    page = Image.new("L", _PAGE_PIXELS, rng.randrange(225, 245))
    draw = ImageDraw.Draw(page)
    y = 150
    while y < height - 150:
        x = 130
        while x < width - 200:
            word = rng.randrange(20, 110)
            draw.rectangle((x, y, x + word, y + 14), fill=rng.randrange(30, 80))
            x += word + rng.randrange(12, 22)
        y += rng.choice((34, 34, 34, 70))
    speckle = Image.frombytes("L", _PAGE_PIXELS, rng.randbytes(width * height)).point(
        [max(0, min(255, 128 + (value - 128) * 6 // 256)) for value in range(256)])
    page = ImageChops.add(page, speckle, 1, -128)
    return page.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BILINEAR,
                       fillcolor=235)
