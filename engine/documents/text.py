"""Text out of PDF, DOCX, TXT and images, page by page, in reading order.

Every page keeps its own text; a fact's evidence is (page number, start, end) into that page's
text, so the quoted evidence can always be found again where it was recorded.
"""

import io
import logging
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .errors import DocumentRejected
from .limits import Limits
from .sniff import DocType

__all__ = ["PAGE_BREAK", "ExtractedText", "Page", "extract_text"]

# pdfminer reports font quirks of ordinary PDFs as warnings; they are not the user's problem.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

_OCR_TIMEOUT_S = 60
_PAGE_NUMBER = re.compile(r"^\s*(page\s*)?\d+(\s*(of|/)\s*\d+)?\s*$", re.IGNORECASE)


PAGE_BREAK = "\n\n"


@dataclass(frozen=True)
class Page:
    number: int
    text: str


@dataclass(frozen=True)
class ExtractedText:
    pages: list[Page]
    method: str
    """pdf-text, pdf-ocr, docx, txt or image-ocr."""

    @property
    def text(self) -> str:
        return PAGE_BREAK.join(page.text for page in self.pages)

    @property
    def chars(self) -> int:
        return sum(len(page.text) for page in self.pages)


def extract_text(data: bytes, doc_type: DocType, limits: Limits) -> ExtractedText:
    if doc_type is DocType.PDF:
        return _pdf(data, limits)
    if doc_type is DocType.DOCX:
        return _docx(data)
    if doc_type is DocType.TXT:
        return _txt(data)
    return ExtractedText([Page(1, _ocr(data))], "image-ocr")


# --- PDF ------------------------------------------------------------------------------------


def _pdf(data: bytes, limits: Limits) -> ExtractedText:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            if count > limits.max_pages:
                raise DocumentRejected(
                    "too_many_pages",
                    f"the PDF has {count:,} pages; the limit is {limits.max_pages}.",
                    "Upload only the pages about you or the job (a CV is rarely over 5).",
                )
            pages = [_pdf_page_lines(page) for page in pdf.pages]
            texts = _drop_running_headers(pages)
            if sum(len(t.strip()) for t in texts) == 0:
                images = [page.to_image(resolution=200).original for page in pdf.pages]
                return ExtractedText(
                    [Page(i + 1, _ocr(_png(image))) for i, image in enumerate(images)], "pdf-ocr"
                )
    except PdfminerException as e:
        raise _pdf_problem(e.args[0] if e.args else e) from e
    except DocumentRejected:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError, PDFSyntaxError) as e:
        raise _pdf_problem(e) from e
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise _pdf_problem(type(e).__name__) from e
    return ExtractedText([Page(i + 1, t) for i, t in enumerate(texts)], "pdf-text")


def _pdf_problem(cause: object) -> DocumentRejected:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return DocumentRejected(
            "encrypted",
            "the PDF is password-protected, so its text cannot be read.",
            "Remove the password (print or export to a new PDF) and upload that copy.",
        )
    return DocumentRejected(
        "corrupt",
        f"the PDF is damaged and cannot be read ({cause}).",
        "Export or download the PDF again, or upload a DOCX.",
    )


def _pdf_page_lines(page: Any) -> list[str]:
    """Lines in reading order; a two-column body is read left column first, then right."""
    words = page.extract_words(x_tolerance=1.5, y_tolerance=3, keep_blank_chars=False)
    if not words:
        return []
    lines = _group_lines(words)
    gutter = _gutter(lines, float(page.width))
    if gutter is None:
        return [_join(line) for line in lines]
    out: list[str] = []
    left: list[str] = []
    right: list[str] = []
    for line in lines:
        lhs = [w for w in line if w["x1"] <= gutter]
        rhs = [w for w in line if w["x0"] >= gutter]
        if len(lhs) + len(rhs) < len(line):  # a line across the gutter: full width
            out += left + right
            left, right = [], []
            out.append(_join(line))
            continue
        if lhs:
            left.append(_join(lhs))
        if rhs:
            right.append(_join(rhs))
    return out + left + right


def _group_lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _gutter(lines: list[list[dict[str, Any]]], width: float) -> float | None:
    """The x of the gap between two columns: in the middle half of the page, crossed by few
    lines, with text on both sides in many lines, and as far from any word as possible."""
    if len(lines) < 6:
        return None
    best: tuple[int, float, float] | None = None
    for step in range(50, 151):
        x = width * step / 200
        crossing = sum(any(w["x0"] < x < w["x1"] for w in line) for line in lines)
        if crossing > len(lines) * 0.15:
            continue
        left = sum(any(w["x1"] <= x for w in line) for line in lines)
        right = sum(any(w["x0"] >= x for w in line) for line in lines)
        if min(left, right) < len(lines) * 0.25:
            continue
        clearance = min(
            min(abs(w["x0"] - x), abs(w["x1"] - x))
            for line in lines
            for w in line
            if not w["x0"] < x < w["x1"]
        )
        if best is None or (crossing, -clearance) < (best[0], -best[1]):
            best = (crossing, clearance, x)
    return best[2] if best else None


_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")


def _join(words: list[dict[str, Any]]) -> str:
    """Words of one line; glyphs with no Unicode mapping (icon fonts) are dropped."""
    text = " ".join(_UNMAPPED_GLYPH.sub("", str(w["text"])) for w in words)
    return " ".join(text.split())


def _drop_running_headers(pages: list[list[str]]) -> list[str]:
    """Remove page numbers and lines repeated at the top or bottom of most pages."""
    edges: Counter[str] = Counter()
    for lines in pages:
        for line in {*lines[:2], *lines[-2:]}:
            edges[re.sub(r"\d+", "#", line.strip())] += 1
    repeated = {
        line for line, n in edges.items() if len(pages) > 1 and n >= max(2, len(pages) // 2)
    }
    texts = []
    for lines in pages:
        kept = [
            line
            for i, line in enumerate(lines)
            if not (_PAGE_NUMBER.match(line) and (i < 2 or i >= len(lines) - 2))
            and not (
                (i < 2 or i >= len(lines) - 2) and re.sub(r"\d+", "#", line.strip()) in repeated
            )
        ]
        texts.append("\n".join(kept))
    return texts


# --- DOCX -----------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _docx(data: bytes) -> ExtractedText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as e:
        raise DocumentRejected(
            "corrupt", f"the DOCX cannot be opened ({type(e).__name__}).",
            "Re-save it from your word processor, or upload a PDF.",
        ) from e  # fmt: skip
    pages: list[list[str]] = [[]]
    for kind, text in _docx_blocks(document.element.body):
        if kind == "break":
            pages.append([])
        elif text.strip():
            pages[-1].append(text)
    return ExtractedText(
        [Page(i + 1, "\n".join(lines)) for i, lines in enumerate(pages) if lines or i == 0], "docx"
    )


def _docx_blocks(body: Any) -> Iterator[tuple[str, str]]:
    """Paragraphs, table rows and text boxes in document order; ("break", "") at page breaks."""
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            yield from _docx_paragraph(child)
        elif child.tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                cells = [_cell_text(cell) for cell in row.iter(f"{_W}tc")]
                yield "text", " | ".join(c for c in cells if c.strip())


def _cell_text(cell: Any) -> str:
    return " ".join(_paragraph_text(p) for p in cell.iter(f"{_W}p")).strip()


def _docx_paragraph(paragraph: Any) -> Iterator[tuple[str, str]]:
    breaks = [br for br in paragraph.iter(f"{_W}br") if br.get(f"{_W}type") == "page"]
    if breaks or next(paragraph.iter(f"{_W}lastRenderedPageBreak"), None) is not None:
        yield "break", ""
    yield "text", _paragraph_text(paragraph)
    for box in paragraph.iter(f"{_W}txbxContent"):
        if any(ancestor.tag == _MC_FALLBACK for ancestor in box.iterancestors()):
            continue  # the same box again, for old Word versions
        for inner in box.iter(f"{_W}p"):
            yield "text", _paragraph_text(inner)


def _paragraph_text(paragraph: Any) -> str:
    """The paragraph's own text, without the text boxes anchored in it (read separately)."""
    parts = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
        if _inside_box(node, paragraph):
            continue
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        else:
            parts.append("\t" if node.tag == f"{_W}tab" else "\n")
    return "".join(parts)


def _inside_box(node: Any, paragraph: Any) -> bool:
    for ancestor in node.iterancestors():
        if ancestor is paragraph:
            return False
        if ancestor.tag == f"{_W}txbxContent":
            return True
    return False


# --- TXT and OCR ----------------------------------------------------------------------------


def _txt(data: bytes) -> ExtractedText:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentRejected(
            "unreadable_text",
            "the text file's character encoding could not be recognised.",
            "Save it as UTF-8 text, or upload a PDF or DOCX.",
        )
    text = str(best).replace("\r\n", "\n").replace("\r", "\n")
    pages = [p for p in text.split("\f")] or [""]
    return ExtractedText([Page(i + 1, p.strip("\n")) for i, p in enumerate(pages)], "txt")


def _png(image: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _ocr(image: bytes) -> str:
    binary = shutil.which("tesseract")
    if binary is None:
        raise DocumentRejected(
            "ocr_unavailable",
            "this document is an image (or a scanned PDF) and needs OCR, which is not installed.",
            "Install Tesseract (Debian/Ubuntu: apt-get install tesseract-ocr) and upload again, "
            "or upload a PDF or DOCX with real text.",
        )
    try:
        done = subprocess.run(
            [binary, "stdin", "stdout", "--psm", "3"],
            input=image,
            capture_output=True,
            timeout=_OCR_TIMEOUT_S,
            check=True,
        )
    except subprocess.TimeoutExpired as e:
        raise DocumentRejected(
            "ocr_failed", "reading the image took too long.", "Upload a smaller or clearer scan."
        ) from e
    except subprocess.CalledProcessError as e:
        raise DocumentRejected(
            "ocr_failed",
            f"the image could not be read by OCR ({e.stderr.decode(errors='replace')[:200]}).",
            "Upload a clearer scan as PNG or JPG, or a PDF/DOCX with real text.",
        ) from e
    return done.stdout.decode("utf-8", errors="replace").replace("\f", "").strip()
