"""The limits a document must stay within (set from Settings)."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..settings import Settings

__all__ = ["Limits"]

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 10 * MB
    max_person_bytes: int = 50 * MB
    max_pages: int = 50
    max_docx_uncompressed_bytes: int = 50 * MB
    max_docx_ratio: float = 100.0
    max_image_pixels: int = 40_000_000

    @classmethod
    def from_settings(cls, settings: "Settings") -> "Limits":
        return cls(
            max_file_bytes=settings.max_upload_mb * MB,
            max_person_bytes=settings.max_person_mb * MB,
            max_pages=settings.max_pages,
        )
