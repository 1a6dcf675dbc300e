"""What a file really is, from its bytes (never its name)."""

import io
import zipfile
from enum import StrEnum

import puremagic

from .errors import DocumentRejected

__all__ = ["DocType", "sniff"]

_TEXT_SAMPLE = 64 * 1024


class DocType(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    TXT = "txt"
    PNG = "png"
    JPEG = "jpeg"


_MIME = {"application/pdf": DocType.PDF, "image/png": DocType.PNG, "image/jpeg": DocType.JPEG}
_ALLOWED = "PDF, DOCX, TXT, PNG or JPG"


def sniff(data: bytes) -> DocType:
    if not data:
        raise DocumentRejected(
            "empty",
            "the file is empty (0 bytes).",
            "Upload the document itself, not an empty file.",
        )
    try:
        matches = puremagic.magic_string(data[:8192])
    except (puremagic.PureError, ValueError):
        matches = []
    for match in matches:
        if match.mime_type in _MIME:
            return _MIME[match.mime_type]
    if data[:4] == b"PK\x03\x04":
        return _office(data)
    if _looks_like_text(data[:_TEXT_SAMPLE]):
        return DocType.TXT
    kind = next((m.mime_type or m.extension for m in matches), "unknown binary data")
    raise DocumentRejected(
        "unsupported_type",
        f"the file's content is {kind}, which Careergraph does not read "
        "(the file name does not matter; its bytes do).",
        f"Upload a {_ALLOWED} file.",
    )


def _office(data: bytes) -> DocType:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as e:
        raise DocumentRejected(
            "corrupt", f"the file looks like a ZIP/DOCX archive but cannot be opened ({e}).",
            "Re-save it from your word processor as .docx, or export a PDF.",
        ) from e  # fmt: skip
    if "word/document.xml" in names:
        return DocType.DOCX
    raise DocumentRejected(
        "unsupported_type",
        "the file is a ZIP archive but not a Word document (no word/document.xml).",
        f"Upload a {_ALLOWED} file; spreadsheets, slides and archives are not read.",
    )


def _looks_like_text(sample: bytes) -> bool:
    if b"\x00" in sample and sample[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        return False
    control = sum(b < 9 or 13 < b < 32 for b in sample)
    return control <= len(sample) * 0.01
