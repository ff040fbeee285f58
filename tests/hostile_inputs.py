"""Generated hostile inputs for issue 18 (each at most 8 MB), shared by tests/test_hostile.py
and the before/after measurement in scripts (``python tests/hostile_inputs.py DIR`` writes
them all to DIR)."""

from __future__ import annotations

import io
import sys
import zipfile
import zlib
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# ----------------------------------------------------------------------------- .docx
def docx_bytes(body: str, numbering: str | None = None, footnotes: str | None = None,
               bomb: int = 0) -> bytes:
    """A minimal Word package; ``bomb`` adds that many bytes of paragraphs (deflated ~1,000:1)."""
    overrides = [f'<Override PartName="/word/document.xml" ContentType="{_CT}.document.main+xml"/>']
    rels = []
    if numbering is not None:
        overrides.append(f'<Override PartName="/word/numbering.xml" ContentType="{_CT}.numbering+xml"/>')
        rels.append(f'<Relationship Id="rId1" Type="{_RT}/numbering" Target="numbering.xml"/>')
    if footnotes is not None:
        overrides.append(f'<Override PartName="/word/footnotes.xml" ContentType="{_CT}.footnotes+xml"/>')
        rels.append(f'<Relationship Id="rId2" Type="{_RT}/footnotes" Target="footnotes.xml"/>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>",
        )
        package.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_RT}/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        package.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels) + "</Relationships>",
        )
        with package.open("word/document.xml", "w") as part:
            part.write(f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{body}'.encode())
            if bomb:  # ``bomb`` bytes of paragraphs, written a megabyte at a time
                paragraph = b"<w:p><w:r><w:t>" + b"a" * 1000 + b"</w:t></w:r></w:p>"
                chunk = paragraph * ((1 << 20) // len(paragraph))
                for _ in range(bomb // len(chunk)):
                    part.write(chunk)
            part.write(b"</w:body></w:document>")
        if numbering is not None:
            package.writestr("word/numbering.xml", f'<?xml version="1.0"?><w:numbering xmlns:w="{W_NS}">{numbering}'
                                                   "</w:numbering>")
        if footnotes is not None:
            package.writestr("word/footnotes.xml", f'<?xml version="1.0"?><w:footnotes xmlns:w="{W_NS}">{footnotes}'
                                                   "</w:footnotes>")
    return out.getvalue()


def _para(text: str, num: bool = False) -> str:
    numpr = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' if num else ""
    return f'<w:p>{numpr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def docx_numbering_start(start: str, fmt: str) -> bytes:
    """One list whose first number is ``start`` in format ``fmt`` (issue 18 #5)."""
    numbering = (f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
                 f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    body = "".join(_para(f"Mục thứ {i} của văn bản", num=True) for i in range(3))
    return docx_bytes(body, numbering=numbering)


def docx_grid_span(span: str = "200000000") -> bytes:
    cell = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>{_para("Ô")}</w:tc>'
    return docx_bytes(f"<w:tbl><w:tr>{cell}</w:tr><w:tr>{cell}</w:tr></w:tbl>")


def docx_zip_bomb(size: int = 800 << 20) -> bytes:
    """A small package with a part that inflates to ``size`` bytes (about 1,000:1)."""
    return docx_bytes(_para("Văn bản có tệp đính kèm."), bomb=size)


def docx_footnotes(count: int = 40_000) -> bytes:
    """``count`` paragraphs, each with its own footnote (issue 18 #7)."""
    ref = '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{}"/></w:r>'
    body = "".join(f'<w:p><w:r><w:t>Kiểm tra {i} công trình</w:t></w:r>{ref.format(i)}'
                   '<w:r><w:t>.</w:t></w:r></w:p>' for i in range(1, count + 1))
    notes = "".join(f'<w:footnote w:id="{i}"><w:p><w:r><w:t>Công trình số {i}.</w:t></w:r></w:p></w:footnote>'
                    for i in range(1, count + 1))
    return docx_bytes(body, footnotes=notes)


# ----------------------------------------------------------------------------- .pdf
def pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF whose object 1 is the catalogue, ``objects[i]`` being object ``i + 1``."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes) -> bytes:
    packed = zlib.compress(data, 9)
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>%s >>"


def pdf_shared_stream(pages: int = 100, stream_bytes: int = 3_600_000) -> bytes:
    """``pages`` pages that all draw one ``stream_bytes`` content stream (issue 18 #6)."""
    line = b"BT /F1 11 Tf 72 700 Td (Trong tuan co quan da thuc hien nhiem vu) Tj ET\n"
    content = line * (stream_bytes // len(line))
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages), _FONT, _stream(content)]
    objects += [_PAGE % b" /Contents 4 0 R"] * pages
    return pdf_bytes(objects)


def pdf_many_kids(count: int = 100_000) -> bytes:
    """A page tree with ``count`` entries in /Kids, all the same empty page (issue 18 #6)."""
    kids = b" 4 0 R" * count
    page = _PAGE % b" /Contents 5 0 R"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
               _FONT, page, _stream(b"BT /F1 11 Tf 72 700 Td (Trang) Tj ET\n")]
    return pdf_bytes(objects)


def pdf_noisy(pages: int = 2_000) -> bytes:
    """Pages whose dictionaries repeat a key: pypdf logs a warning for each (issue 18 #13)."""
    text = b"BT /F1 11 Tf 72 700 Td (Cong van so 12 ve viec kiem tra.) Tj ET\n"
    page = b"<< /Type /Page /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " \
           b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               _FONT, _stream(text)] + [page] * pages
    return pdf_bytes(objects)


# ----------------------------------------------------------------------------- text
def md_open_comments(count: int = 50_000) -> bytes:
    return "# Ghi chú\n\n".encode() + b"<!--" * count + b"\n"


def numbered_lines(count: int = 10_000) -> bytes:
    return b"1.\n" * count


def short_lines(count: int = 1_000_000) -> bytes:
    """Short lines that never end a sentence: one paragraph wrapped a million times."""
    return b"ban\n" * count


PARAGRAPH = ("Ủy ban nhân dân huyện đã chỉ đạo các phòng, ban chuyên môn phối hợp với Ủy ban nhân dân "
             "các xã, thị trấn kiểm tra, rà soát các công trình trên địa bàn")


def no_blank_lines(size: int) -> bytes:
    """``size`` bytes of one-line paragraphs with no blank line between them (issue 18 #8)."""
    line = f"{PARAGRAPH}.\n".encode()
    return line * (size // len(line))


def finding_per_paragraph(size: int) -> bytes:
    """Every paragraph doubles a word: one ``duplicated-word`` finding each (issue 18 #8)."""
    line = "Các phòng ban đã đã kiểm tra các công trình.\n\n".encode()
    return line * (size // len(line))


def late_footnotes(size: int, notes: int = 30) -> bytes:
    """A long report whose footnote definitions all come at its end (issue 18 #9)."""
    head = "BÁO CÁO\nKết quả kiểm tra năm 2025\n\n".encode()
    body = []
    n = 0
    block = 0
    while block < size:
        n = n % notes + 1
        paragraph = f"Đã kiểm tra {n + 10} công trình{chr(0x2070 + n) if n > 3 else '¹²³'[n - 1]} trên địa bàn.\n\n"
        paragraph = paragraph if n < 10 else f"Đã kiểm tra {n + 10} công trình<sup>{n}</sup> trên địa bàn.\n\n"
        data = paragraph.encode()
        body.append(data)
        block += len(data)
    defs = "".join(f"<sup>{i}</sup> Công trình nhóm {i}.\n" for i in range(1, notes + 1)).encode()
    return head + b"".join(body) + defs


CASES = {
    "docx-roman-start.docx": lambda: docx_numbering_start("1000000000000000", "upperRoman"),
    "docx-letter-start.docx": lambda: docx_numbering_start("2000000000", "lowerLetter"),
    "docx-grid-span.docx": docx_grid_span,
    "docx-zip-bomb.docx": docx_zip_bomb,
    "docx-footnotes.docx": docx_footnotes,
    "pdf-shared-stream.pdf": pdf_shared_stream,
    "pdf-many-kids.pdf": pdf_many_kids,
    "pdf-noisy.pdf": pdf_noisy,
    "md-open-comments.md": md_open_comments,
    "numbered-lines.txt": numbered_lines,
    "short-lines.txt": short_lines,
    "no-blank-lines.txt": lambda: no_blank_lines(8_000_000),
    "finding-per-paragraph.txt": lambda: finding_per_paragraph(8_000_000),
    "late-footnotes.txt": lambda: late_footnotes(6_000_000),
}


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in CASES.items():
        data = make()
        (folder / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")
