"""``doclint web``: a page on this computer where a person drops a document and sees the report.

* bound to 127.0.0.1 unless ``--host`` says otherwise; nothing is ever sent anywhere;
* an upload larger than ``--max-upload`` MB is refused: its bytes are dropped as they arrive;
* the upload is written only inside a fresh temporary directory, under a fixed name (only
  its suffix comes from the browser), and the directory is deleted before the response is
  sent; nothing is kept between requests;
* the response is the HTML report of ``--format html``, and for a .docx a link that downloads
  the annotated copy (carried inside the page as a data: URL, so no file outlives the request).
"""

from __future__ import annotations

import base64
import re
import sys
import tempfile
from email.parser import BytesParser
from email.policy import default as default_policy
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SUFFIXES = (".docx", ".pdf", ".txt", ".md")
DEFAULT_PORT = 8765
DEFAULT_MAX_MB = 20
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'"

_FORM = {
    "vi": ("Kiểm tra văn bản", "Chọn tệp Word (.docx), PDF, .txt hoặc .md rồi bấm <b>Kiểm tra</b>. "
           "Tệp chỉ được xử lý trên máy này và bị xoá ngay sau khi có kết quả.", "Kiểm tra",
           "Tải bản có ghi chú (.docx)", "Kiểm tra tệp khác"),
    "en": ("Check a document", "Choose a Word (.docx), PDF, .txt or .md file and press <b>Check</b>. "
           "The file is processed on this computer only and deleted as soon as the report is ready.", "Check",
           "Download the annotated copy (.docx)", "Check another file"),
}


def form_page(lang: str, message: str = "") -> str:
    title, intro, button, _, _ = _FORM[lang]
    note = f'<p class="err" id="error">{escape(message)}</p>' if message else ""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}"><title>doclint — {escape(title)}</title>'
            '<style>body{font:16px sans-serif;max-width:40em;margin:3em auto;padding:0 1em}'
            'button{font-size:16px;padding:.4em 1.2em}.err{color:#c62828}</style></head><body>'
            f'<h1>{escape(title)}</h1><p>{intro}</p>{note}'
            '<form method="post" action="/check" enctype="multipart/form-data">'
            f'<input type="file" id="file" name="file" accept="{",".join(SUFFIXES)}" required> '
            f'<button type="submit" id="submit">{escape(button)}</button></form></body></html>\n')


def safe_name(name: str) -> str:
    """The file name to show: no folders, no control characters, at most 120 characters."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip() or "document"
    return name[-120:]


def check_upload(name: str, data: bytes, lang: str) -> str:
    """The report page of one uploaded document (linted in a temporary directory that is
    gone when this returns)."""
    from doclint.annotate import annotate
    from doclint.config import Settings
    from doclint.engine import lint
    from doclint.html import render
    from doclint.reader import ReadError, read_path
    from doclint.reporters import FileReport

    shown = safe_name(name)
    suffix = Path(shown).suffix.lower()
    settings = Settings(lang=lang)
    download = ""
    with tempfile.TemporaryDirectory(prefix="doclint-web-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            source = read_path(path, display=shown)
        except ReadError as exc:
            report = FileReport(shown, [], str(exc))
            text, labels = None, None
        else:
            findings = lint(source, settings)
            report = FileReport.of(shown, findings)
            text, labels = source.original, source.line_labels
            if suffix == ".docx" and report.findings:
                out = Path(tmp) / "annotated.docx"
                annotate(path, out, report.findings, source.original)
                encoded = base64.b64encode(out.read_bytes()).decode("ascii")
                label = _FORM[lang][3]
                download = (f'<a id="download" download="{escape(Path(shown).stem)}.doclint.docx" '
                            f'href="data:{DOCX_TYPE};base64,{encoded}">{escape(label)}</a>')
    page = render([report], lang, {shown: (text, labels)})
    links = f'<p class="links">{download} <a id="again" href="/">{escape(_FORM[lang][4])}</a></p>'
    return page.replace("</header>", f"</header>{links}", 1)


def parse_upload(content_type: str, body: bytes) -> tuple[str, bytes] | None:
    """(file name, bytes) of the ``file`` field of a multipart/form-data body."""
    message = BytesParser(policy=default_policy).parsebytes(
        f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1") + body)
    if not message.is_multipart():
        return None
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == "file":
            return part.get_filename() or "", part.get_payload(decode=True) or b""
    return None


class Handler(BaseHTTPRequestHandler):
    server_version = "doclint"
    max_bytes = DEFAULT_MAX_MB * 1024 * 1024
    lang = "vi"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 -- no access log of file names
        return

    def _send(self, status: int, body: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(data)

    def _discard(self, length: int) -> None:
        """Read and drop a refused body (kept nowhere), so the browser sees the answer rather
        than a reset connection; a body past 4x the limit is cut off instead."""
        if length > 4 * self.max_bytes:
            return
        while length > 0:
            chunk = self.rfile.read(min(length, 1 << 16))
            if not chunk:
                break
            length -= len(chunk)

    def do_GET(self) -> None:  # noqa: N802
        if self.path.split("?")[0] != "/":
            self._send(HTTPStatus.NOT_FOUND, form_page(self.lang, "404"))
            return
        self._send(HTTPStatus.OK, form_page(self.lang))

    def do_POST(self) -> None:  # noqa: N802
        if self.path != "/check":
            self._send(HTTPStatus.NOT_FOUND, form_page(self.lang, "404"))
            return
        try:
            length = int(self.headers.get("Content-Length") or "-1")
        except ValueError:
            length = -1
        if length < 0:
            self._send(HTTPStatus.LENGTH_REQUIRED, form_page(self.lang, "Content-Length?"))
            return
        if length > self.max_bytes:
            self.close_connection = True
            self._discard(length)
            limit = self.max_bytes // (1024 * 1024)
            message = f"Tệp quá lớn (tối đa {limit} MB)" if self.lang == "vi" else f"File too large (at most {limit} MB)"
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, form_page(self.lang, message))
            return
        upload = parse_upload(self.headers.get("Content-Type", ""), self.rfile.read(length))
        if upload is None or Path(safe_name(upload[0])).suffix.lower() not in SUFFIXES:
            message = ("Hãy chọn một tệp .docx, .pdf, .txt hoặc .md" if self.lang == "vi"
                       else "Choose a .docx, .pdf, .txt or .md file")
            self._send(HTTPStatus.BAD_REQUEST, form_page(self.lang, message))
            return
        try:
            page = check_upload(upload[0], upload[1], self.lang)
        except Exception as exc:  # noqa: BLE001 -- one bad upload never stops the server
            from doclint.engine import describe_error

            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, form_page(self.lang, describe_error(exc)))
            return
        self._send(HTTPStatus.OK, page)


def make_server(host: str = "127.0.0.1", port: int = DEFAULT_PORT, max_mb: float = DEFAULT_MAX_MB,
                lang: str = "vi") -> ThreadingHTTPServer:
    handler = type("DoclintHandler", (Handler,), {"max_bytes": int(max_mb * 1024 * 1024), "lang": lang})
    return ThreadingHTTPServer((host, port), handler)


def cmd_web(args: object) -> int:
    server = make_server(args.host, args.port, args.max_upload, args.lang or "vi")  # type: ignore[attr-defined]
    host, port = server.server_address[:2]
    print(f"doclint web: http://{host}:{port}/  (Ctrl+C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
