"""Small fixtures built from the bundled release: a few-occupation release, file counts."""

import csv
import io
from pathlib import Path

from onet_loader import Release, bundled_release_path

MINI_CODES = ("15-1252.00", "15-1254.00", "15-2051.00", "29-1141.00", "11-1011.00", "15-1253.00")
_CODE_COLUMNS = ("O*NET-SOC Code", "Related O*NET-SOC Code")


def write_mini_release(dest: Path, codes: tuple[str, ...] = MINI_CODES) -> Path:
    """A release folder holding only `codes` (every file of the bundled one, filtered)."""
    dest.mkdir(parents=True, exist_ok=True)
    release = Release(bundled_release_path())
    for file in release.files:
        text = release.text(file)
        lines = text.splitlines(keepends=True)
        header = lines[0].rstrip("\r\n").split("\t")
        code_columns = [header.index(c) for c in _CODE_COLUMNS if c in header]
        if not code_columns:
            (dest / file).write_text(text, encoding="utf-8")
            continue
        kept = [lines[0]]
        for line in lines[1:]:
            cells = line.rstrip("\r\n").split("\t")
            if all(cells[i] in codes for i in code_columns if i < len(cells)):
                kept.append(line)
        (dest / file).write_text("".join(kept), encoding="utf-8")
    release.close()
    return dest


def read_rows(release_path: Path, file: str) -> list[dict[str, str]]:
    release = Release(release_path)
    try:
        reader = csv.DictReader(
            io.StringIO(release.text(file)), delimiter="\t", quoting=csv.QUOTE_NONE
        )
        return list(reader)
    finally:
        release.close()
