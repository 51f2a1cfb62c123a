"""tracker.js stays small: under 5 KB once minified."""

from __future__ import annotations

import re

from conftest import ROOT


def test_tracker_is_under_5_kb_even_minified_only_by_dropping_comments_and_spaces():
    source = (ROOT / "api" / "static" / "tracker.js").read_text()
    # Comments and white space go (no string in the script holds "//" or "/*"); a real
    # minifier (terser: 3,682 bytes) also shortens names, so this is an upper bound of its output.
    stripped = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    stripped = re.sub(r"(^|\s)//[^\n]*", r"\1", stripped)
    stripped = re.sub(r"\s+", " ", stripped)
    stripped = re.sub(r" ?([{}()\[\];,:=<>+\-*/|&!?.]) ?", r"\1", stripped)  # no string holds a space
    assert '"' + "//" not in stripped and "'//" not in stripped
    assert len(stripped.encode()) < 5 * 1024, len(stripped.encode())
