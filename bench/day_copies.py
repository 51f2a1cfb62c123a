"""The N× day of bench/daily_tables.py as N copies of the ×1 day's landing files under new ids:
minutes of copying instead of over an hour of generating (5× the default day).

Copy 0 is each ×1 file unchanged. Copy k (1..N-1) is written next to it, named with `.c<k>` after
the first part of its name (`2026-11-23.c1.ndjson.gz`, `2026-11-23.c1.app-export.csv`,
`access-2026-11-23.c1.log.gz`, `cms-export.c1.ndjson`): same folder, same format, same timestamps,
so the readers take it and the day is found in it as in the original. Copy k renames what the
product deduplicates or joins on, so no row collapses into another copy's and every table grows N×:

- ids get the suffix `-c<k>` (`m000544` -> `m000544-c1`; the product takes any text as an id):
  `event_id`, `media_id` and `session_id` of usage and player events, the inventory's `id`;
- paths get the folder `c<k>/` (`2024/11/x.jpg` -> `c1/2024/11/x.jpg`): the inventory's `path` and
  its renditions' paths and, so that they map to those as media_of_paths.sql maps them, access-log
  request paths and events' `media_url` after the first of MEDIA_URL_PREFIXES they start with
  (`/media/2024/11/x.jpg` -> `/media/c1/2024/11/x.jpg`), else after their leading `/`.

Empty and missing values stay so: a row rejected in the original is rejected in every copy, and a
repeated event repeats within its copy. Text is rewritten as text, a block of lines at a time with
Polars regular expressions (every copy of a block in one select); a CSV's id cells are found by
their position in the header, Parquet columns are rewritten as columns; `.gz` copies are written
by ISA-L at its level 1. Not renamed, because the generator never writes them: ids given as JSON
numbers, CSV cells after a quoted cell, W3C access logs (tests/bench/test_day_copies.py fails
when a copy collapses or does not map).
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import polars as pl
from isal import igzip

from assets.ingest.landing import landing_paths
from assets.ingest.readers import line_rows, tabular_format

BLOCK_BYTES = 16 << 20  # text rewritten at a time: each copy of a block is held at once
GZIP_LEVEL = 1  # ISA-L's levels are 0-3; 1 writes a quarter less than 0 in about the same time
EVENT_SOURCES = ("usage_events", "player_events")
EVENT_IDS = ("event_id", "media_id", "session_id")
SCHEME_AND_HOST = r'(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^/",\s]*)?'  # what relative_target() removes

Rewrite = Callable[[pl.Expr, int], pl.Expr]  # a line of the original -> that line in copy k


def write_copies(day: Path, into: Path, copies: int, prefixes: list[str]) -> None:
    """Every landing file under `day`, and `copies - 1` copies of it under new ids, under `into`
    (the same relative paths)."""
    for path in landing_paths(day):
        relative = path.relative_to(day)
        target = into / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        targets = {k: target.with_name(copy_name(path.name, k)) for k in range(1, copies)}
        if targets:
            _write_copies_of(path, relative.parts[0], targets, prefixes)


def copy_name(name: str, k: int) -> str:
    """`2026-11-23.ndjson.gz` -> `2026-11-23.c1.ndjson.gz`."""
    first, dot, rest = name.partition(".")
    return f"{first}.c{k}{dot}{rest}"


def _write_copies_of(path: Path, source: str, targets: dict[int, Path], prefixes: list[str]
                     ) -> None:
    fmt = tabular_format(path)
    if source == "access_logs":  # any file is a log (assets/delivery)
        _copy_lines(path, targets, lambda line, k: _request(line, k, prefixes))
    elif source == "inventory" and fmt == "ndjson":
        _copy_lines(path, targets, _inventory_item)
    elif source in EVENT_SOURCES and fmt == "ndjson":
        _copy_lines(path, targets, lambda line, k: _event(line, k, prefixes))
    elif source in EVENT_SOURCES and fmt == "csv":
        header = _header(path)
        _copy_lines(path, targets, lambda line, k: _event_row(line, k, header, prefixes),
                    keep_first=True)
    elif source in EVENT_SOURCES and fmt == "parquet":
        _copy_parquet(path, targets, prefixes)
    else:
        raise ValueError(f"{path}: no rule to copy a {fmt or 'unknown'} {source} file under new ids")


def _suffix(k: int) -> str:
    return f"${{0}}-c{k}"  # the match, then the suffix


def _folder(k: int) -> str:
    return f"${{1}}c{k}/"  # what comes before the path's key, then the folder


def _path_start(prefixes: list[str]) -> str:
    # The first of the prefixes a path starts with, else its leading '/'; then any further '/'
    # (media_path_key() removes both).
    return "(?:" + "".join(pl.escape_regex(p) + "|" for p in prefixes) + "/)/*"


def _event(line: pl.Expr, k: int, prefixes: list[str]) -> pl.Expr:
    for key in EVENT_IDS:
        # "key": "value" up to the end of the value's first run of non-space characters
        line = line.str.replace(rf'"{key}"\s*:\s*"\s*[^"\s]+', _suffix(k))
    url_to_path = rf'("media_url"\s*:\s*"\s*{SCHEME_AND_HOST}{_path_start(prefixes)})'
    return line.str.replace(url_to_path, _folder(k))


def _inventory_item(line: pl.Expr, k: int) -> pl.Expr:
    item_id = r'^\s*\{\s*"id"\s*:\s*"\s*[^"\s]+'  # the first key; usage_locations hold ids too
    every_path = r'("path"\s*:\s*"\s*)/*([^"\s])'  # the file's and its renditions'
    return line.str.replace(item_id, _suffix(k)).str.replace_all(every_path, f"${{1}}c{k}/${{2}}")


def _request(line: pl.Expr, k: int, prefixes: list[str]) -> pl.Expr:
    # A combined-format line: `... "GET /media/2024/11/x.jpg HTTP/2.0" ...`
    request_to_path = rf'^([^"]*"[A-Za-z]+ +{SCHEME_AND_HOST}{_path_start(prefixes)})'
    return line.str.replace(request_to_path, _folder(k))


def _event_row(line: pl.Expr, k: int, header: list[str], prefixes: list[str]) -> pl.Expr:
    for key in (key for key in EVENT_IDS if key in header):
        cells_before = rf'^(?:[^,"]*,){{{header.index(key)}}}'
        line = line.str.replace(cells_before + r'\s*[^,"\s]+', _suffix(k))
    if "media_url" in header:
        cells_before = rf'(?:[^,"]*,){{{header.index("media_url")}}}'
        url_to_path = rf'^({cells_before}\s*{SCHEME_AND_HOST}{_path_start(prefixes)})'
        line = line.str.replace(url_to_path, _folder(k))
    return line


def _column(name: str, k: int, prefixes: list[str]) -> pl.Expr:
    column = pl.col(name).cast(pl.String)
    if name == "media_url":
        return column.str.replace(rf'^(\s*{SCHEME_AND_HOST}{_path_start(prefixes)})', _folder(k))
    return column.str.replace(r"^\s*\S+", _suffix(k))


def _copy_parquet(path: Path, targets: dict[int, Path], prefixes: list[str]) -> None:
    frame = pl.read_parquet(path)
    names = [name for name in (*EVENT_IDS, "media_url") if name in frame.columns]
    for k, target in targets.items():
        copy = frame.with_columns(_column(name, k, prefixes) for name in names)
        copy.write_parquet(target, compression="zstd")


def _header(path: Path) -> list[str]:
    with _open(path, "rb") as handle:
        first = handle.readline().decode("utf-8-sig", errors="replace")
    return [name.strip() for name in next(csv.reader([first]), [])]


def _copy_lines(path: Path, targets: dict[int, Path], rewrite: Rewrite,
                keep_first: bool = False) -> None:
    """Each line of `path` rewritten for copy k into `targets[k]` (the first line, a CSV header,
    kept as it is when `keep_first`)."""
    with ExitStack() as stack:
        outputs = {k: stack.enter_context(_open(target, "wb")) for k, target in targets.items()}
        for n, block in enumerate(_text_blocks(path)):
            lines = line_rows(block).select("raw")
            if keep_first and n == 0:
                for output in outputs.values():
                    _write_lines(lines.head(1), output)
                lines = lines.slice(1)
            copies = lines.select(rewrite(pl.col("raw"), k).alias(str(k)) for k in outputs)
            for k, output in outputs.items():
                _write_lines(copies.select(str(k)), output)


def _text_blocks(path: Path) -> Iterator[bytes]:
    """The file's text (gunzipped when its name ends in .gz) in blocks of whole lines."""
    carry = b""
    with _open(path, "rb") as handle:
        while piece := handle.read(BLOCK_BYTES):
            block = carry + piece
            cut = block.rfind(b"\n") + 1
            carry = block[cut:]
            if cut:
                yield block[:cut]
    if carry:
        yield carry


def _write_lines(lines: pl.DataFrame, output) -> None:
    # One text column, each value and a newline, nothing quoted or escaped.
    lines.write_csv(output, include_header=False, quote_style="never")


def _open(path: Path, mode: str):
    if path.suffix.lower() != ".gz":
        return path.open(mode)
    if "w" in mode:
        return igzip.open(path, mode, compresslevel=GZIP_LEVEL)
    return igzip.open(path, mode)
