"""The limits a document must stay within (set from Settings)."""

from dataclasses import dataclass

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
