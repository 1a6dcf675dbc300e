"""The security filter: type by content, size and structure limits, risky content flagged.

Runs before any parser sees the file. A refusal raises DocumentRejected; risky but readable
content (PDF JavaScript, embedded files, Word macros) is accepted, flagged, and never run.
"""

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field

from .errors import DocumentRejected
from .limits import MB, Limits
from .sniff import DocType, sniff

__all__ = ["Screening", "check_size", "screen"]

_PDF_RISKS = {
    "pdf_javascript": re.compile(rb"/(JavaScript|JS)\b"),
    "pdf_embedded_file": re.compile(rb"/EmbeddedFiles?\b"),
    "pdf_launch_action": re.compile(rb"/Launch\b"),
}
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")


@dataclass
class Screening:
    doc_type: DocType
    sha256: str
    size: int
    flags: list[str] = field(default_factory=list)


def check_size(size: int, limits: Limits) -> None:
    """Refuse a file by its size alone (before reading or receiving all of it)."""
    if size > limits.max_file_bytes:
        raise DocumentRejected(
            "too_large",
            f"the file is {size / MB:.1f} MB; the limit is {limits.max_file_bytes / MB:.0f} MB.",
            "Upload a smaller file: export only the pages that matter, or compress images.",
        )


def screen(data: bytes, limits: Limits) -> Screening:
    check_size(len(data), limits)
    doc_type = sniff(data)
    result = Screening(doc_type, hashlib.sha256(data).hexdigest(), len(data))
    if doc_type is DocType.PDF:
        result.flags += _pdf_flags(data)
    elif doc_type is DocType.DOCX:
        result.flags += _docx_flags(data, limits)
    elif doc_type in (DocType.PNG, DocType.JPEG):
        _check_image(data, limits)
    return result


def _pdf_flags(data: bytes) -> list[str]:
    if b"%%EOF" not in data[-2048:]:
        raise DocumentRejected(
            "corrupt",
            "the PDF is truncated or damaged (it has no end-of-file marker).",
            "Download or export the PDF again and upload the complete file.",
        )
    return [flag for flag, pattern in _PDF_RISKS.items() if pattern.search(data)]


def _docx_flags(data: bytes, limits: Limits) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        uncompressed = sum(m.file_size for m in members)
        compressed = max(1, sum(m.compress_size for m in members))
        if uncompressed > limits.max_docx_uncompressed_bytes or (
            uncompressed / compressed > limits.max_docx_ratio and uncompressed > MB
        ):
            raise DocumentRejected(
                "decompression_bomb",
                f"the DOCX would expand from {compressed / MB:.1f} MB to "
                f"{uncompressed / MB:.0f} MB, past the safety limit.",
                "Re-save the document normally from your word processor; if it is genuine, "
                "remove large embedded media.",
            )
        flags = []
        names = [m.filename for m in members]
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            flags.append("docx_macros")
        embedded = [name for name in names if name.startswith("word/embeddings/")]
        if embedded:
            flags.append("docx_embedded_object")
            if any(archive.read(name)[:4].startswith(_EXECUTABLE_MAGIC) for name in embedded):
                flags.append("docx_embedded_executable")
    return flags


def _check_image(data: bytes, limits: Limits) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as e:
        raise DocumentRejected(
            "corrupt", f"the image cannot be decoded ({e}).", "Upload the original PNG or JPG."
        ) from e
    if width * height > limits.max_image_pixels:
        raise DocumentRejected(
            "too_large",
            f"the image is {width}x{height} pixels, past the {limits.max_image_pixels:,} limit.",
            "Scan or photograph the page at a lower resolution (300 dpi is plenty).",
        )
