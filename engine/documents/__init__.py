"""Documents in: the security filter, type detection and text extraction with page offsets."""

from .errors import DocumentRejected
from .injection import InstructionSpan, find_instructions
from .limits import Limits
from .screen import Screening, check_size, screen
from .sniff import DocType, sniff
from .text import ExtractedText, Page, extract_text

__all__ = [
    "DocType",
    "DocumentRejected",
    "ExtractedText",
    "InstructionSpan",
    "Limits",
    "Page",
    "Screening",
    "check_size",
    "extract_text",
    "find_instructions",
    "screen",
    "sniff",
]
