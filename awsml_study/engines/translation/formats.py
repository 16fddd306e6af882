"""Reading and writing terminology and parallel data files: CSV, TSV and TMX 1.4 as Amazon Translate takes them."""
from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FORBIDDEN_START = ("+", "-", "=", "@")  # spreadsheet formulas: AWS refuses such fields


class FormatError(ValueError):
    """A file Amazon Translate would refuse, with the reason in its words."""


@dataclass
class Table:
    """Rows of one file: `languages[0]` is the source (or the first language, for MULTI)."""
    languages: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    skipped: int = 0          # records dropped (empty or too long source, duplicates)
    failed: int = 0           # records refused (formula-like fields)
    notes: list[str] = field(default_factory=list)


def decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError("The file is not valid UTF-8 text.") from None


def parse(data: bytes | str, fmt: str, max_field_bytes: int) -> Table:
    text = decode(data)
    if fmt == "TMX":
        return _tmx(text, max_field_bytes)
    return _delimited(text, "," if fmt == "CSV" else "\t", max_field_bytes)


def _delimited(text: str, delimiter: str, limit: int) -> Table:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as err:
        raise FormatError(f"The file could not be parsed: {err}") from None
    if not rows:
        raise FormatError("The file is empty: its first row must list the language codes.")
    languages = [code.strip() for code in rows[0]]
    if len(languages) < 2 or any(not code for code in languages):
        raise FormatError("The first row must list at least two language codes, such as en,fr.")
    if len(set(languages)) != len(languages):
        raise FormatError("A language code appears twice in the first row.")
    table = Table(languages)
    by_source: dict[str, dict] = {}
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > len(languages):
            raise FormatError(f"Row {number} has {len(row)} fields, more than the "
                              f"{len(languages)} language codes of the first row.")
        cells = [cell.strip() for cell in row] + [""] * (len(languages) - len(row))
        if any(cell.startswith(FORBIDDEN_START) for cell in cells):
            table.failed += 1
            table.notes.append(f"Row {number}: a field starts with one of + - = @")
            continue
        record = _record(dict(zip(languages, cells)), languages[0], limit, table, f"Row {number}")
        if record is not None:
            if record[languages[0]] in by_source:
                table.skipped += 1   # AWS keeps the record closest to the end of the file
            by_source[record[languages[0]]] = record
    table.rows = list(by_source.values())
    return table


def _record(cells: dict, source: str, limit: int, table: Table, where: str) -> dict | None:
    if not cells.get(source):
        table.skipped += 1
        table.notes.append(f"{where}: the source text is empty")
        return None
    if len(cells[source].encode()) > limit:
        table.skipped += 1
        table.notes.append(f"{where}: the source text is longer than {limit} bytes")
        return None
    kept = {lang: text for lang, text in cells.items() if text and len(text.encode()) <= limit}
    if len(kept) < 2:
        table.skipped += 1
        table.notes.append(f"{where}: no translation")
        return None
    return kept


def _tmx(text: str, limit: int) -> Table:
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as err:
        raise FormatError(f"The TMX file is not well-formed XML: {err}") from None
    if root.tag != "tmx":
        raise FormatError("The root element of a TMX file must be <tmx>.")
    header, body = root.find("header"), root.find("body")
    source = header.get("srclang") if header is not None else None
    if not source or source == "*all*":
        raise FormatError("The TMX <header> must have a srclang attribute naming the source language.")
    if body is None or body.find("tu") is None:
        raise FormatError("The TMX <body> must contain at least one <tu> element.")
    languages = [source]
    table = Table(languages)
    by_source: dict[str, tuple[str, dict]] = {}
    for number, tu in enumerate(body.iter("tu"), start=1):
        cells = {}
        for tuv in tu.findall("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang")
            seg = tuv.find("seg")
            if not lang or seg is None:
                raise FormatError(f"<tu> {number}: every <tuv> needs an xml:lang attribute and a <seg>.")
            cells[lang] = "".join(seg.itertext()).strip()
            if lang not in languages:
                languages.append(lang)
        record = _record(cells, source, limit, table, f"<tu> {number}")
        if record is not None:
            key = record[source]
            date = tu.get("changedate", "")
            if key in by_source:
                table.skipped += 1
                if date and by_source[key][0] > date:
                    continue
            by_source[key] = (date, record)
    if len(languages) < 2:
        raise FormatError("The TMX file has only one language.")
    table.rows = [record for _, record in by_source.values()]
    return table


def write(table: Table, fmt: str) -> bytes:
    """The table as a CSV, TSV or TMX file (GetTerminology in another format than imported)."""
    langs = table.languages
    if fmt == "TMX":
        root = ET.Element("tmx", version="1.4")
        ET.SubElement(root, "header", srclang=langs[0], datatype="PlainText", segtype="phrase",
                      adminlang="en", creationtool="awsml-study", creationtoolversion="1",
                      **{"o-tmf": "awsml-study"})
        body = ET.SubElement(root, "body")
        for row in table.rows:
            tu = ET.SubElement(body, "tu")
            for lang in langs:
                if row.get(lang):
                    tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
                    ET.SubElement(tuv, "seg").text = row[lang]
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")
    out = io.StringIO()
    writer = csv.writer(out, delimiter="," if fmt == "CSV" else "\t", lineterminator="\n")
    writer.writerow(langs)
    for row in table.rows:
        writer.writerow([row.get(lang, "") for lang in langs])
    return out.getvalue().encode("utf-8")
