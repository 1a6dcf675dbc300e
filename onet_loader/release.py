"""An official O*NET text release, read from a folder or from the release zip."""

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import ReleaseError

__all__ = ["Release", "Table", "bundled_release_path"]

_MISSING = "n/a"
_VERSION = re.compile(r"O\*NET\s+(\d+(?:\.\d+)?)\s+Database", re.IGNORECASE)
_FOLDER_VERSION = re.compile(r"db_(\d+)_(\d+)_text")


def bundled_release_path() -> Path:
    """The release shipped with Careergraph (see onet_loader/data/ATTRIBUTION.md)."""
    return Path(__file__).parent / "data" / "db_29_2_text.zip"


@dataclass(frozen=True)
class Table:
    file: str
    columns: tuple[str, ...]
    rows: list[dict[str, str | None]]
    """One dict per data row keyed by column name; `n/a` and empty cells are None."""


class Release:
    """The files of one release. Reading is strict: a problem raises ReleaseError."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._members: dict[str, str] = {}
        if path.is_dir():
            for item in sorted(path.iterdir()):
                if item.suffix == ".txt":
                    self._members[item.name] = str(item)
        elif path.is_file():
            try:
                self._zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError) as e:
                raise ReleaseError(
                    path.name,
                    f"not a readable zip archive ({e}); it may be truncated, download it again",
                ) from e
            for name in self._zip.namelist():
                member = PurePosixPath(name)
                if member.suffix == ".txt" and not member.name.startswith("._"):
                    self._members[member.name] = name
        else:
            raise ReleaseError(str(path), "no such file or folder; give a release folder or zip")
        if not self._members:
            raise ReleaseError(path.name, "holds no O*NET .txt files")

    @property
    def files(self) -> list[str]:
        return sorted(self._members)

    def has(self, file: str) -> bool:
        return file in self._members

    def raw(self, file: str) -> bytes:
        location = self._members[file]
        try:
            if self._zip is not None:
                return self._zip.read(location)
            return Path(location).read_bytes()
        except (zipfile.BadZipFile, OSError, EOFError) as e:
            raise ReleaseError(file, f"could not be read ({e}); the archive may be damaged") from e

    def text(self, file: str) -> str:
        data = self.raw(file)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = data[: e.start].count(b"\n") + 1
            raise ReleaseError(
                file,
                f"is not UTF-8 (byte 0x{data[e.start]:02x} on line {line}); "
                "O*NET text releases are UTF-8, re-export or re-download the file",
            ) from e

    def table(self, file: str, required: tuple[str, ...]) -> Table:
        reader = csv.reader(io.StringIO(self.text(file)), delimiter="\t", quoting=csv.QUOTE_NONE)
        try:
            header = tuple(col.strip() for col in next(reader))
        except StopIteration:
            raise ReleaseError(file, "is empty; expected a header row") from None
        missing = [col for col in required if col not in header]
        if missing:
            raise ReleaseError(
                file,
                f"lacks column(s) {', '.join(repr(c) for c in missing)}; "
                f"found {', '.join(repr(c) for c in header)}",
            )
        return Table(file, header, list(self._rows(file, header, reader)))

    def _rows(
        self, file: str, header: tuple[str, ...], reader: Iterator[list[str]]
    ) -> Iterator[dict[str, str | None]]:
        for number, cells in enumerate(reader, start=2):
            if not cells or cells == [""]:
                continue
            if len(cells) != len(header):
                raise ReleaseError(
                    file,
                    f"line {number} has {len(cells)} fields, the header has {len(header)}",
                )
            yield {
                col: (None if value.strip() in ("", _MISSING) else value.strip())
                for col, value in zip(header, cells, strict=True)
            }

    def version(self) -> str:
        if self.has("Read Me.txt"):
            match = _VERSION.search(self.text("Read Me.txt"))
            if match:
                return match.group(1)
        match = _FOLDER_VERSION.search(self.path.name)
        if match:
            return f"{match.group(1)}.{match.group(2)}"
        raise ReleaseError(
            self.path.name, "no version found in 'Read Me.txt' or a db_XX_X_text name"
        )

    def checksum(self, files: list[str] | None = None) -> str:
        """A digest of the release's files (all of them by default); cheap (no parsing)."""
        digest = hashlib.sha256()
        for file in sorted(self.files if files is None else files):
            digest.update(file.encode())
            digest.update(hashlib.sha256(self.raw(file)).digest())
        return digest.hexdigest()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
