"""Writes every item's file (and an image's renditions) under the media root and completes the
items.

Images and documents are drawn or copied in worker processes, largest first so the workers finish
together; byte-identical re-uploads (``copy`` recipes) are copied afterwards from their source's
files, renditions included. Every written size is read back from disk, so the inventory's ``size``
is the file's real size.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from sampledata import bundled, documents, vocabulary
from sampledata.image_files import FileFacts, write_image
from sampledata.model import MediaItem, Rendition
from sampledata.parallel import run_all
from sampledata.randomness import stream


@dataclass(frozen=True)
class _Task:
    item: MediaItem
    media_root: Path
    seed: int


def write_media_files(items: list[MediaItem], media_root: Path, seed: int, workers: int
                      ) -> list[MediaItem]:
    """Write all files; return the items with ``size``, pixel size and renditions filled in."""
    media_root.mkdir(parents=True, exist_ok=True)
    originals = [item for item in items if item.recipe.method != "copy"]
    originals.sort(key=_estimated_cost, reverse=True)
    facts = run_all(_write_item, [_Task(item, media_root, seed) for item in originals], workers)
    completed = {
        item.id: replace(item, size=fact.size, width=fact.width, height=fact.height,
                         renditions=fact.renditions)
        for item, fact in zip(originals, facts)
    }
    for item in items:
        if item.recipe.method == "copy":
            completed[item.id] = _copy_files(item, completed[item.recipe.source], media_root)
    return [completed[item.id] for item in items]


def _write_item(task: _Task) -> FileFacts:
    item, media_root = task.item, task.media_root
    rng = stream(task.seed, "file", item.id)
    target = media_root / item.path
    target.parent.mkdir(parents=True, exist_ok=True)
    recipe = item.recipe
    if item.kind == "image":
        return write_image(item, media_root, rng)
    if recipe.method == "bundled":
        bundled.copy_bundled(recipe.source, target)
    elif recipe.method == "text_pdf":
        documents.write_text_pdf(target, rng, _document_title(item), recipe.pages, item.created_at)
    elif recipe.method == "scanned_pdf":
        documents.write_scanned_pdf(target, rng, recipe.pages, item.created_at)
    elif recipe.method == "ocr_pdf":
        documents.write_ocr_pdf(target, rng, recipe.pages, item.created_at)
    elif recipe.method == "docx_file":
        documents.write_docx(target, rng, _document_title(item), item.created_at)
    elif recipe.method == "html_file":
        documents.write_html_file(target, rng, _document_title(item))
    elif recipe.method == "markdown_file":
        documents.write_markdown_file(target, rng, _document_title(item))
    elif recipe.method == "text_file":
        documents.write_text_file(target, rng, _document_title(item))
    elif recipe.method == "csv_file":
        documents.write_csv_file(target, rng)
    else:
        raise ValueError(f"no writer for {item.kind} recipe {recipe.method!r}")
    return FileFacts(target.stat().st_size)


def _copy_files(item: MediaItem, source: MediaItem, media_root: Path) -> MediaItem:
    """A re-upload: the source's bytes under the item's path, renditions renamed to match."""
    (media_root / item.path).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(media_root / source.path, media_root / item.path)
    folder, _, filename = item.path.rpartition("/")
    stem, _, extension = filename.rpartition(".")
    renditions = []
    for rendition in source.renditions:
        path = f"{folder}/{stem}-{rendition.width}x{rendition.height}.{extension}"
        shutil.copyfile(media_root / rendition.path, media_root / path)
        renditions.append(Rendition(rendition.name, path, rendition.width, rendition.height,
                                    (media_root / path).stat().st_size))
    return replace(item, size=(media_root / item.path).stat().st_size, width=source.width,
                   height=source.height, renditions=tuple(renditions))


def _document_title(item: MediaItem) -> str:
    return vocabulary.humanise(item.filename.rsplit(".", 1)[0])


def _estimated_cost(item: MediaItem) -> int:
    recipe = item.recipe
    if recipe.width and recipe.height:
        return recipe.width * recipe.height * (recipe.pages or 1)
    return (recipe.pages or 1) * 300_000 if recipe.method in ("scanned_pdf", "ocr_pdf") else 50_000
