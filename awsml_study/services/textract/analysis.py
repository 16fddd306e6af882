"""Textract page analysis: OCR and layout results turned into Block graphs, page by page."""
from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict

from awsml_study.engines.documents.strips import ocr_lines
from awsml_study.services.textract.common import invalid
from awsml_study.services.textract.blocks import Blocks, add_text, box_polygon, union_polygon


_read_cache: OrderedDict[str, tuple] = OrderedDict()
_cache_lock = threading.Lock()


def read_page(image):
    """(OCR lines, selection marks): check boxes are found first and hidden from the OCR.

    The reading is a pure function of the pixels, so the last few pages read are remembered:
    DetectDocumentText then AnalyzeDocument on one page reads it once.
    """
    from awsml_study.engines import documents
    key = hashlib.sha1(image.tobytes()).hexdigest() + str(image.shape)
    with _cache_lock:
        if key in _read_cache:
            _read_cache.move_to_end(key)
            return _read_cache[key]
    clean, marks = documents.prepare(image)
    result = (ocr_lines(clean), marks)
    with _cache_lock:
        _read_cache[key] = result
        while len(_read_cache) > 16:
            _read_cache.popitem(last=False)
    return result


def text_blocks(images, blocks: Blocks | None = None) -> Blocks:
    """DetectDocumentText: PAGE, LINE and WORD blocks for every page."""
    blocks = blocks or Blocks()
    for number, image in enumerate(images, start=1):
        size = (image.shape[1], image.shape[0])
        add_text(blocks, number, size, read_page(image)[0])
    return blocks


def analysis_blocks(images, features: list[str], queries: list[dict], pages: int = 1,
                    blocks: Blocks | None = None) -> Blocks:
    """AnalyzeDocument: text plus the blocks of each requested feature, for every page.

    `images` may be a generator (pages are rendered one at a time); `pages` is their number.
    """
    blocks = blocks or Blocks()
    for number, image in enumerate(images, start=1):
        analyse_page(blocks, number, image, features,
                     [q for q in queries if number in query_pages(q, pages)])
    return blocks


def analyse_page(blocks: Blocks, number: int, image, features: list[str], queries: list[dict]):
    from awsml_study.engines import documents

    size = (image.shape[1], image.shape[0])
    lines, marks = read_page(image)
    page_id, line_ids, word_ids = add_text(blocks, number, size, lines)
    page = documents.analyse(image, lines, marks, tables="TABLES" in features,
                             forms=bool({"FORMS", "QUERIES", "LAYOUT"} & set(features)),
                             signatures="SIGNATURES" in features, layout="LAYOUT" in features)

    def words_of(refs):
        return [word_ids[li][wi] for li, wi in refs]

    top_level: list[str] = []
    selection_ids: dict[int, str] = {}
    for index, mark in enumerate(page.selections):
        if "FORMS" in features or "TABLES" in features:
            selection_ids[index] = blocks.add("SELECTION_ELEMENT", number, mark.polygon, size,
                                              mark.confidence, SelectionStatus=mark.status)
    if "FORMS" in features:
        for kv in page.key_values:
            value_id = blocks.add("KEY_VALUE_SET", number, kv.value_polygon, size,
                                  kv.confidence, EntityTypes=["VALUE"])
            blocks.link(value_id, "CHILD", words_of(kv.value_words) +
                        ([selection_ids[kv.selection]] if kv.selection is not None else []))
            key_id = blocks.add("KEY_VALUE_SET", number, kv.key_polygon, size, kv.confidence,
                                EntityTypes=["KEY"])
            blocks.link(key_id, "VALUE", [value_id])
            blocks.link(key_id, "CHILD", words_of(kv.key_words))
            top_level += [key_id, value_id]
    if "TABLES" in features:
        for table in page.tables:
            table_id = add_table(blocks, number, size, table, words_of, selection_ids)
            title_id = add_table_title(blocks, number, size, table, table_id, page, words_of)
            top_level += [table_id] + ([title_id] if title_id else [])
    in_value = {kv.selection for kv in page.key_values if kv.selection is not None} \
        if "FORMS" in features else set()
    in_cells = {s for t in page.tables for c in t.cells for s in c.selections} \
        if "TABLES" in features else set()
    top_level += [sid for index, sid in selection_ids.items()
                  if index not in in_value and index not in in_cells]
    if "SIGNATURES" in features:
        top_level += [blocks.add("SIGNATURE", number, sig.polygon, size, sig.confidence)
                      for sig in page.signatures]
    if "LAYOUT" in features:
        top_level += add_layout(blocks, number, size, page, line_ids)
    blocks.link(page_id, "CHILD", top_level)
    for query in queries:
        add_query(blocks, number, size, page, query, words_of)


def add_table(blocks: Blocks, number: int, size, table, words_of, selection_ids) -> str:
    entity = "STRUCTURED_TABLE" if table.ruled else "SEMI_STRUCTURED_TABLE"
    table_id = blocks.add("TABLE", number, table.polygon, size, table.confidence,
                          EntityTypes=[entity])
    cell_ids = {}
    for cell in table.cells:
        entity_types = ["COLUMN_HEADER"] if cell.header else None
        cell_id = blocks.add("CELL", number, cell.polygon, size, cell.confidence,
                             RowIndex=cell.row, ColumnIndex=cell.column, RowSpan=1, ColumnSpan=1,
                             EntityTypes=entity_types)
        blocks.link(cell_id, "CHILD", words_of(cell.words) +
                    [selection_ids[s] for s in cell.selections if s in selection_ids])
        cell_ids[(cell.row, cell.column)] = cell_id
    blocks.link(table_id, "CHILD", list(cell_ids.values()))
    merged_ids = []
    for merged in table.merged:
        members = [cell_ids[rc] for rc in merged.cells if rc in cell_ids]
        polygon = union_polygon([blocks_polygon(table, rc) for rc in merged.cells])
        merged_id = blocks.add("MERGED_CELL", number, polygon, size, table.confidence,
                               RowIndex=merged.row, ColumnIndex=merged.column,
                               RowSpan=merged.row_span, ColumnSpan=merged.column_span)
        blocks.link(merged_id, "CHILD", members)
        merged_ids.append(merged_id)
    blocks.link(table_id, "MERGED_CELL", merged_ids)
    return table_id


def add_table_title(blocks: Blocks, number: int, size, table, table_id: str, page, words_of):
    """TABLE_TITLE block for the caption above a table, linked from the TABLE."""
    if not table.title:
        return None
    from awsml_study.engines.documents import polygon
    title_id = blocks.add("TABLE_TITLE", number, polygon(page.box_of(table.title)), size,
                          page.confidence_of(table.title))
    blocks.link(title_id, "CHILD", words_of(table.title))
    blocks.link(table_id, "TABLE_TITLE", [title_id])
    return title_id


def blocks_polygon(table, rc):
    for cell in table.cells:
        if (cell.row, cell.column) == rc:
            return cell.polygon
    raise KeyError(rc)


def add_layout(blocks: Blocks, number: int, size, page, line_ids) -> list[str]:
    ids = []
    for region in page.layout:
        region_id = blocks.add(region.kind, number, region.polygon, size, region.confidence)
        blocks.link(region_id, "CHILD", [line_ids[i] for i in region.lines])
        ids.append(region_id)
    return ids


def add_query(blocks: Blocks, number: int, size, page, query: dict, words_of) -> str:
    from awsml_study.engines import documents

    fields = {"Text": query["Text"]}
    if query.get("Alias"):
        fields["Alias"] = query["Alias"]
    if query.get("Pages"):
        fields["Pages"] = query["Pages"]
    query_id = blocks.add("QUERY", number, None, size, None, Query=fields)
    answer = documents.answer_query(query["Text"], page)
    if answer is not None:
        result_id = blocks.add("QUERY_RESULT", number, answer.polygon, size, answer.confidence,
                               Text=answer.text)
        blocks.link(query_id, "ANSWER", [result_id])
    return query_id


# ----- QueriesConfig Pages: "1", "2-4", "3-*", "*" -----

_PAGE_SPEC = re.compile(r"^(\*|[0-9]+(-([0-9]+|\*))?)$")


def query_pages(query: dict, pages: int) -> set[int]:
    specs = query.get("Pages") or ["1"]
    chosen: set[int] = set()
    for spec in specs:
        if spec == "*":
            return set(range(1, pages + 1))
        first, _, last = spec.partition("-")
        start = int(first)
        end = pages if last == "*" else int(last or first)
        chosen.update(range(start, min(end, pages) + 1))
    return chosen


def check_query_pages(queries: list[dict], pages: int) -> None:
    """The Pages rules of the Query shape; raises InvalidParameterException."""
    for query in queries:
        specs = query.get("Pages")
        if specs is None:
            continue
        if "*" in specs and len(specs) > 1:
            raise invalid("'*' must be the only element of a query's Pages")
        for spec in specs:
            if not _PAGE_SPEC.match(spec or ""):
                raise invalid(f"query page {spec!r} must look like 1, 2-4, 3-* or *")
            if spec == "*":
                continue
            first, _, last = spec.partition("-")
            numbers = [int(first)] + ([int(last)] if last and last != "*" else [])
            if any(n < 1 or n > pages for n in numbers) or (len(numbers) == 2 and
                                                             numbers[1] < numbers[0]):
                raise invalid(f"query page {spec!r} is outside the document's {pages} page(s)")


__all__ = ["text_blocks", "analysis_blocks", "check_query_pages", "query_pages", "box_polygon"]
