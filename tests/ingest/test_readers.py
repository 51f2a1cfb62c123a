"""Rung 1: every landing format becomes (line, raw JSON) rows with the right line numbers."""

import gzip
import json
import random
import zlib
from datetime import datetime, timezone

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from assets.ingest.readers import FileCutShort, UnreadableFile, iter_rows, read_ahead, read_rows, tabular_format


def frame(lines, raws):
    return pl.DataFrame({"line": lines, "raw": raws}, schema={"line": pl.Int64, "raw": pl.String})


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.ndjson", "ndjson"), ("a.jsonl.gz", "ndjson"), ("x/b.CSV", "csv"), ("c.csv.gz", "csv"),
     ("d.parquet", "parquet"), ("e.parquet.gz", None), ("notes.txt", None), ("README", None)],
)
def test_format_comes_from_the_file_name(tmp_path, name, expected):
    assert tabular_format(tmp_path / name) == expected


def test_ndjson_keeps_line_numbers_across_blank_lines_and_crlf(tmp_path):
    path = tmp_path / "a.ndjson"
    path.write_bytes(b'{"a":1}\r\n\n{"a":2}\nnot json\n')
    assert_frame_equal(read_rows(path, "ndjson"), frame([1, 2, 3, 4], ['{"a":1}', "", '{"a":2}', "not json"]))


def test_gzipped_ndjson_reads_like_plain(tmp_path):
    path = tmp_path / "a.ndjson.gz"
    path.write_bytes(gzip.compress(b'{"a":1}\n{"a":2}'))
    assert_frame_equal(read_rows(path, "ndjson"), frame([1, 2], ['{"a":1}', '{"a":2}']))


@pytest.mark.parametrize("chunk_bytes", [1, 5, 8, 9, 64])
def test_ndjson_read_in_blocks_gives_the_same_rows_and_line_numbers(tmp_path, chunk_bytes):
    path = tmp_path / "a.ndjson.gz"
    path.write_bytes(gzip.compress(b'{"a":1}\r\n\n\n{"a":22}\nnot json\n\n{"b":"\xc3\xa9"}'))
    blocks = list(iter_rows(path, "ndjson", chunk_bytes=chunk_bytes))
    rows = pl.concat(blocks).filter(pl.col("raw") != "")
    whole = read_rows(path, "ndjson").filter(pl.col("raw") != "")
    assert_frame_equal(rows, whole)
    assert rows["line"].to_list() == [1, 4, 5, 7]


def test_corrupt_gzip_is_unreadable(tmp_path):
    path = tmp_path / "a.ndjson.gz"
    content = b"".join(b'{"event_id":"e%d"}\n' % i for i in range(5000))
    path.write_bytes(gzip.compress(content)[:200])
    with pytest.raises(UnreadableFile):
        read_rows(path, "ndjson")


def test_reading_ahead_gives_the_same_blocks_in_order_and_keeps_what_precedes_a_cut(tmp_path):
    path = tmp_path / "a.ndjson.gz"
    content = b"".join(b'{"event_id":"e%d"}\n' % i for i in range(5000))
    path.write_bytes(gzip.compress(content))
    ahead = list(read_ahead(iter_rows(path, "ndjson", chunk_bytes=4096)))
    assert len(ahead) > 10
    assert_frame_equal(pl.concat(ahead), pl.concat(list(iter_rows(path, "ndjson", chunk_bytes=4096))))

    path.write_bytes(gzip.compress(content)[:-2000])  # cut short: the blocks before the cut, then the cut
    blocks = []
    with pytest.raises(FileCutShort) as cut:
        for block in read_ahead(iter_rows(path, "ndjson", chunk_bytes=4096)):
            blocks.append(block)
    rows = pl.concat(blocks)
    read = rows.height
    assert 1000 < read < 5000
    # every row read is a whole line of the file, numbered as in the file; the cut is the next line
    assert rows["line"].to_list() == list(range(1, read + 1))
    assert rows["raw"].to_list() == ['{"event_id":"e%d"}' % i for i in range(read)]
    assert cut.value.line == read + 1
    assert ('{"event_id":"e%d"}' % read).startswith(cut.value.tail)  # the line broken in half
    assert "ended before the end-of-stream marker" in cut.value.reason


def test_a_large_gzip_cut_short_keeps_every_line_decompressed_before_the_cut(tmp_path):
    # Large enough that ISA-L (which stops at its last whole chunk) and zlib part ways: every line that
    # can be decompressed before the cut is kept, whichever decompressor reads the file.
    path = tmp_path / "a.ndjson.gz"
    noise = random.Random(7)
    content = b"".join(b'{"event_id":"e%d","pad":"%x"}\n' % (i, noise.getrandbits(64)) for i in range(200_000))
    whole = gzip.compress(content)
    path.write_bytes(whole[: len(whole) * 2 // 3])
    available = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(path.read_bytes())  # independent of readers
    expected = available[: available.rfind(b"\n") + 1].decode().splitlines()
    blocks = []
    with pytest.raises(FileCutShort) as cut:
        for block in iter_rows(path, "ndjson", chunk_bytes=1 << 20):
            blocks.append(block)
    rows = pl.concat(blocks)
    assert rows["raw"].to_list() == expected
    assert cut.value.line == len(expected) + 1
    assert available.decode().endswith(cut.value.tail)


def test_a_gzip_cut_inside_its_header_is_unreadable(tmp_path):
    path = tmp_path / "a.ndjson.gz"
    path.write_bytes(gzip.compress(b'{"a":1}\n')[:6])
    with pytest.raises(UnreadableFile):
        list(iter_rows(path, "ndjson"))


def test_csv_rows_become_json_objects_with_file_line_numbers(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('event_id,media_id,note\ne1,m1,"two\nlines"\n\ne2,,x\ne3,m3\n')
    rows = read_rows(path, "csv")
    assert rows["line"].to_list() == [3, 5, 6]
    assert json.loads(rows["raw"][0]) == {"event_id": "e1", "media_id": "m1", "note": "two\nlines"}
    assert json.loads(rows["raw"][1]) == {"event_id": "e2", "media_id": None, "note": "x"}
    assert rows["raw"][2] == "e3,m3"  # too few fields: left as text for the validator to reject


@pytest.mark.parametrize("chunk_bytes", [1, 40, 100_000])
def test_csv_read_in_blocks_gives_the_same_rows_and_line_numbers(tmp_path, chunk_bytes):
    path = tmp_path / "a.csv.gz"
    path.write_bytes(gzip.compress('\ufeffevent_id,note\ne1,"two\nlines"\n\ne2,é\ne3\n'.encode() +
                                   b"".join(b"e%d,x\n" % i for i in range(4, 40))))
    blocks = list(iter_rows(path, "csv", chunk_bytes=chunk_bytes))
    assert len(blocks) == 1 if chunk_bytes == 100_000 else len(blocks) > 1
    rows = pl.concat(blocks)
    assert_frame_equal(rows, read_rows(path, "csv"))
    assert rows["line"].to_list()[:3] == [3, 5, 6]
    assert json.loads(rows["raw"][0]) == {"event_id": "e1", "note": "two\nlines"}
    assert json.loads(rows["raw"][1]) == {"event_id": "e2", "note": "é"}
    assert rows.height == 39


def test_a_csv_cut_short_keeps_the_rows_before_the_cut(tmp_path):
    path = tmp_path / "a.csv.gz"
    path.write_bytes(gzip.compress(b"event_id\n" + b"".join(b"e%d\n" % i for i in range(50000)))[:-2000])
    blocks = []
    with pytest.raises(FileCutShort) as cut:
        for block in iter_rows(path, "csv", chunk_bytes=1000):
            blocks.append(block)
    rows = pl.concat(blocks)
    assert 10000 < rows.height < 50000
    assert rows["line"].to_list() == list(range(2, rows.height + 2))  # the header is line 1
    assert [json.loads(r)["event_id"] for r in rows["raw"]] == [f"e{i}" for i in range(rows.height)]
    assert cut.value.line == rows.height + 2


def test_parquet_timestamps_keep_their_offset_and_naive_ones_have_none(tmp_path):
    path = tmp_path / "a.parquet"
    pl.DataFrame({
        "event_id": ["e1"],
        "aware": [datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)],
        "naive": [datetime(2026, 11, 2, 10, 0)],
    }).write_parquet(path)
    row = json.loads(read_rows(path, "parquet")["raw"][0])
    assert row["aware"] == "2026-11-02T10:00:00+00:00"
    assert row["naive"] == "2026-11-02T10:00:00"


def test_a_file_that_is_not_parquet_is_unreadable(tmp_path):
    path = tmp_path / "a.parquet"
    path.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(UnreadableFile):
        read_rows(path, "parquet")


@pytest.mark.parametrize("chunk_bytes", [1, 7, 30, 4096])
def test_access_logs_read_in_blocks_carry_the_last_fields_header(tmp_path, chunk_bytes):
    path = tmp_path / "cloudfront.log"
    path.write_bytes(b"#Version: 1.0\n#Fields: a b\n1 2\n3 4\n\n#Fields: c\n5\n6\n")
    blocks = list(iter_rows(path, "lines", chunk_bytes=chunk_bytes))
    data = pl.concat(blocks).filter(~pl.col("raw").str.starts_with("#") & (pl.col("raw") != ""))
    assert data["line"].to_list() == [3, 4, 7, 8]  # every line once, numbered as in the file
    for block in blocks:
        # the header in force for a block's lines comes first, with the line it stands on
        lines = block.filter(~pl.col("raw").str.starts_with("#") & (pl.col("raw") != ""))["line"].to_list()
        if lines:
            headers = block.filter(pl.col("raw").str.starts_with("#Fields:") & (pl.col("line") < min(lines)))
            assert headers.tail(1)["raw"].to_list() == ["#Fields: a b" if min(lines) < 6 else "#Fields: c"]
