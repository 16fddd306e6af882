"""Translating documents piece by piece while keeping their form: plain text, HTML markup, .docx paragraphs."""
from __future__ import annotations

import html
import io
import re
import zipfile
from html.parser import HTMLParser
from typing import Callable

Translate = Callable[[str], str]
# Content inside these is code or data, not prose; Amazon Translate leaves it alone too.
SKIP_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "var", "textarea"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
             "track", "wbr"}


class DocumentError(ValueError):
    """A document the kit cannot read (corrupt .docx, undecodable text)."""


def plain_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError("The document is not UTF-8 text.") from None


class _HtmlTranslator(HTMLParser):
    def __init__(self, translate: Translate):
        super().__init__(convert_charrefs=True)
        self.translate = translate
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []   # (tag, translate?) of open elements

    def _translating(self) -> bool:
        return all(ok for _, ok in self.stack)

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag not in VOID_TAGS:
            # translate="no" is the do-not-translate tag Amazon Translate honours in HTML.
            keep = dict(attrs).get("translate", "").lower() == "no" or tag in SKIP_TAGS
            self.stack.append((tag, not keep))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self._translating() and data.strip():
            body = data.strip()
            lead, trail = data[: len(data) - len(data.lstrip())], data[len(data.rstrip()):]
            self.out.append(lead + html.escape(self.translate(body), quote=False) + trail)
        else:
            self.out.append(html.escape(data, quote=False) if self._translating() else data)

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")


def html_document(data: bytes, translate: Translate) -> bytes:
    parser = _HtmlTranslator(translate)
    parser.feed(plain_text(data))
    parser.close()
    return "".join(parser.out).encode("utf-8")


def html_text(data: bytes) -> str:
    """The prose of an HTML document (for language detection)."""
    pieces: list[str] = []
    parser = _HtmlTranslator(lambda s: pieces.append(s) or s)
    parser.feed(plain_text(data))
    return " ".join(pieces)


def _paragraphs(doc):
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def docx_document(data: bytes, translate: Translate) -> bytes:
    """Each paragraph translated as a whole; its text goes into its first run so the paragraph
    keeps its style (character formatting inside a paragraph is not carried over)."""
    doc = _open_docx(data)
    for paragraph in _paragraphs(doc):
        if paragraph.text.strip() and paragraph.runs:
            translated = translate(paragraph.text)
            paragraph.runs[0].text = translated
            for run in paragraph.runs[1:]:
                run.text = ""
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in _paragraphs(_open_docx(data)) if p.text.strip())


def _open_docx(data: bytes):
    import docx
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises several types for a corrupt package
        raise DocumentError(f"The .docx document could not be read: {type(err).__name__}") from None


# PowerPoint and Excel files are zip packages of XML. Their text sits in <a:t> runs (slides, notes)
# and <t> elements (shared strings); each is translated in place, everything else is copied byte
# for byte, so the package stays valid without an Office library.
_OFFICE_TEXT = {
    "pptx": (re.compile(r"^ppt/(slides|notesSlides)/[^/]+\.xml$"), re.compile(r"(<a:t(?:\s[^>]*)?>)(.*?)(</a:t>)", re.S)),
    "xlsx": (re.compile(r"^xl/sharedStrings\.xml$"), re.compile(r"(<t(?:\s[^>]*)?>)(.*?)(</t>)", re.S)),
}


def office_document(data: bytes, kind: str, translate: Translate) -> bytes:
    parts, text = _OFFICE_TEXT[kind]
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        names = source.namelist()
    except zipfile.BadZipFile:
        raise DocumentError(f"The .{kind} document could not be read: not a zip package") from None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if parts.match(info.filename):
                xml = body.decode("utf-8")
                xml = text.sub(lambda m: m.group(1) + _xml_translate(m.group(2), translate) + m.group(3), xml)
                body = xml.encode("utf-8")
            target.writestr(info, body)
    if not any(parts.match(n) for n in names):
        raise DocumentError(f"The .{kind} package has no {kind} text parts.")
    return out.getvalue()


def office_text(data: bytes, kind: str) -> str:
    pieces: list[str] = []
    office_document(data, kind, lambda s: pieces.append(s) or s)
    return " ".join(pieces)


def _xml_translate(escaped: str, translate: Translate) -> str:
    raw = html.unescape(escaped)
    if not raw.strip():
        return escaped
    return html.escape(translate(raw), quote=False)


_XLIFF_UNIT = re.compile(r"(<trans-unit\b[^>]*>)(.*?)(</trans-unit>)", re.S)
_XLIFF_SOURCE = re.compile(r"<source(?:\s[^>]*)?>(.*?)</source>", re.S)
_XLIFF_TARGET = re.compile(r"<target(?:\s[^>]*)?>.*?</target>|<target\s*/>", re.S)


def xliff_document(data: bytes, target_language: str, translate: Translate) -> bytes:
    """XLIFF 1.2: each <trans-unit>'s <source> translated into its <target> (added if missing)."""
    xml = plain_text(data)
    if "<xliff" not in xml:
        raise DocumentError("The document is not XLIFF: it has no <xliff> root element.")

    def unit(m):
        body = _XLIFF_TARGET.sub("", m.group(2))
        src = _XLIFF_SOURCE.search(body)
        if src is None:
            return m.group(0)
        target = f'<target xml:lang="{target_language}">{_xml_translate(src.group(1), translate)}</target>'
        return m.group(1) + body[:src.end()] + target + body[src.end():] + m.group(3)

    xml = _XLIFF_UNIT.sub(unit, xml)
    xml = re.sub(r'(<file\b[^>]*?)\s+target-language="[^"]*"', r"\1", xml)
    xml = re.sub(r"<file\b", f'<file target-language="{target_language}"', xml)
    return xml.encode("utf-8")


def xliff_text(data: bytes) -> str:
    return " ".join(html.unescape(s) for s in _XLIFF_SOURCE.findall(plain_text(data)))
