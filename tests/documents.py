"""Documents built by the tests themselves: small valid PDFs, DOCX files, images, and hostile
variants of each."""

import io
import zipfile

from PIL import Image, ImageDraw, ImageFont


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(
    pages: list[list[str]],
    *,
    javascript: bool = False,
    encrypted: bool = False,
    image: bytes | None = None,
) -> bytes:
    """A PDF with one text line per entry (Helvetica), or one JPEG image per page."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree exists
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    for lines in pages:
        if image is not None:
            picture = add(
                b"<< /Type /XObject /Subtype /Image /Width 1000 /Height 300 /ColorSpace "
                b"/DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
                % len(image)
                + image
                + b"\nendstream"
            )
            stream = b"q 500 0 0 150 50 600 cm /Im1 Do Q"
            resources = b"<< /XObject << /Im1 %d 0 R >> >>" % picture
        else:
            ops = ["BT /F1 11 Tf 14 TL 72 760 Td"]
            ops += [f"({_escape(line)}) Tj T*" for line in lines]
            stream = (" ".join(ops) + " ET").encode("latin-1")
            resources = b"<< /Font << /F1 %d 0 R >> >>" % font
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                b"/Resources %s >>" % (tree, content, resources)
            )
        )
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    extra = b""
    if javascript:
        js = add(b"<< /S /JavaScript /JS (app.alert\\('hi'\\);) >>")
        extra = b" /OpenAction %d 0 R" % js
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R%s >>" % (tree, extra)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if encrypted:
        trailer += (
            b" /Encrypt << /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <"
            + b"22" * 32 + b"> /P -4 >> /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">]"
        )  # fmt: skip
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def text_image(lines: list[str], fmt: str = "PNG") -> bytes:
    """A white image with large black text, the way a scanned page looks to OCR."""
    image = Image.new("RGB", (1000, 300), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    for i, line in enumerate(lines):
        draw.text((30, 30 + i * 80), line, fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_bomb(expanded_mb: int = 200) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"<w:t>" + b"A" * (1024 * 1024 - 11) + b"</w:t>"
            for _ in range(expanded_mb):
                member.write(chunk)
    return buffer.getvalue()
