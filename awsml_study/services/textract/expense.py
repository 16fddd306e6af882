"""Textract AnalyzeExpense: summary fields and line items of invoices and receipts, built from the
page's OCR lines, key/value pairs and tables by labelled rules (no trained model).

A label is mapped to a standard field type by its words ("Subtotal" -> SUBTOTAL); fields whose
label matches no rule are returned as OTHER with their label, as Textract does. Line items come
from a table whose header names an item and a price column, or, on receipts without a header,
from rows that end with an amount.
"""
from __future__ import annotations

import re

from awsml_study.services.textract.blocks import Blocks, add_text, geometry

LABELS = [  # (pattern on the lower-cased label without its colon, field type)
    (r"^sub ?total", "SUBTOTAL"),
    (r"^(amount|balance|total) due|^balance$", "AMOUNT_DUE"),
    (r"^(amount )?paid", "AMOUNT_PAID"),
    (r"^(grand )?total( amount)?$|^total\b", "TOTAL"),
    (r"^(sales |value added )?(tax|vat|gst)\b", "TAX"),
    (r"^(tip|gratuity)", "GRATUITY"),
    (r"^discount", "DISCOUNT"),
    (r"^(shipping|delivery|freight|postage)", "SHIPPING_HANDLING_CHARGE"),
    (r"^due date|^payment due|^pay by", "DUE_DATE"),
    (r"^order date", "ORDER_DATE"),
    (r"^(invoice |receipt |bill )?date$|^(invoice|receipt|issue) date", "INVOICE_RECEIPT_DATE"),
    (r"^(invoice|receipt|bill|order)( number| no\.?| #|#| id)|^inv\.? ?no", "INVOICE_RECEIPT_ID"),
    (r"^(po|purchase order)( number| no\.?| #)?$", "PO_NUMBER"),
    (r"^(bill|sold|invoice) to|^customer( name)?$", "RECEIVER_NAME"),
    (r"^ship to|^deliver to", "RECEIVER_ADDRESS"),
    (r"^(phone|tel|telephone)", "VENDOR_PHONE"),
    (r"^(payment )?terms", "PAYMENT_TERMS"),
    (r"^(account|acct)( number| no\.?)", "ACCOUNT_NUMBER"),
    (r"^customer (number|no\.?|id)", "CUSTOMER_NUMBER"),
]
COLUMNS = [  # (pattern on a lower-cased table header, line item field type)
    (r"^(description|item|items|product|details|service|article)", "ITEM"),
    (r"^(qty|quantity|units|no\.? of)", "QUANTITY"),
    (r"^(unit price|unit cost|price each|each|rate|unit)", "UNIT_PRICE"),
    (r"^(amount|total|line total|price|cost|subtotal)", "PRICE"),
    (r"^(code|sku|product code|item code|part)", "PRODUCT_CODE"),
]
AMOUNT = re.compile(r"^[-+]?[$€£]?\s?\d{1,3}(?:,?\d{3})*(?:\.\d{2})$")
DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})\b")
CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP"}
QUANTITY = re.compile(r"^(\d+)\s*[x×]\s+(.+)$", re.I)


def field_type(label: str) -> tuple[str, float]:
    """(Textract field type, confidence) of a printed label."""
    text = re.sub(r"[:#]+$", "", label.strip().lower()).strip()
    text = re.sub(r"\s*\(.*\)$", "", text)
    for pattern, kind in LABELS:
        if re.search(pattern, text):
            return kind, 95.0
    return "OTHER", 70.0


def _detection(text: str, box, size, confidence: float) -> dict:
    from awsml_study.engines.documents import polygon
    return {"Text": text, "Geometry": geometry(polygon(box), *size),
            "Confidence": float(min(max(confidence, 0.0), 100.0))}


def _field(kind: str, kind_conf: float, value: str, value_box, size, confidence: float, page: int,
           label: str | None = None, label_box=None) -> dict:
    field = {"Type": {"Text": kind, "Confidence": kind_conf}}
    if label:
        field["LabelDetection"] = _detection(label, label_box, size, confidence)
    field["ValueDetection"] = _detection(value, value_box, size, confidence)
    field["PageNumber"] = page
    symbol = next((s for s in CURRENCIES if s in value), None)
    if symbol:
        field["Currency"] = {"Code": CURRENCIES[symbol], "Confidence": 90.0}
    return field


def summary_fields(page, number: int, item_rows: set[int]) -> list[dict]:
    size = page.size
    fields = []
    seen: set[str] = set()
    for kv in page.key_values:
        if kv.selection is not None or not kv.value_words:
            continue
        kind, conf = field_type(kv.key_text)
        fields.append(_field(kind, conf, kv.value_text, kv.value_box, size, kv.confidence, number,
                             kv.key_text, kv.key_box))
        seen.add(kind)
    for t, table in enumerate(page.tables):
        if any(c.header for c in table.cells):
            continue
        for r in range(1, table.rows + 1):
            if (t, r) in item_rows:
                continue
            row = sorted((c for c in table.cells if c.row == r and c.text), key=lambda c: c.column)
            if len(row) >= 2 and AMOUNT.match(row[-1].text.replace(" ", "")):
                kind, conf = field_type(row[0].text)
                fields.append(_field(kind, conf, row[-1].text, _box(page, row[-1]), size,
                                     row[-1].confidence, number, row[0].text, _box(page, row[0])))
                seen.add(kind)
    vendor = _vendor(page)
    if vendor is not None:
        index, line = vendor
        from awsml_study.engines.documents import bbox
        fields.insert(0, _field("VENDOR_NAME", 80.0, line.text, bbox(line.polygon), size,
                                line.confidence * 0.9, number))
        below = _line_below(page, index)
        if below is not None and any(ch.isdigit() for ch in page.lines[below].text):
            address = page.lines[below]
            fields.insert(1, _field("VENDOR_ADDRESS", 75.0, address.text, bbox(address.polygon),
                                    size, address.confidence * 0.85, number))
    if "INVOICE_RECEIPT_DATE" not in seen:
        for line in page.lines:
            match = DATE.search(line.text)
            if match:
                from awsml_study.engines.documents import bbox
                fields.append(_field("INVOICE_RECEIPT_DATE", 70.0, match.group(1),
                                     bbox(line.polygon), size, line.confidence * 0.8, number))
                break
    return fields


def _vendor(page):
    """The vendor's name: the tallest line in the top fifth that is not a label or a doc title."""
    from awsml_study.engines.documents import bbox
    keyed = {r[0] for kv in page.key_values for r in kv.key_words + kv.value_words}
    best = None
    for i, line in enumerate(page.lines):
        box = bbox(line.polygon)
        if box[1] > 0.2 * page.size[1] or i in keyed or ":" in line.text:
            continue
        if line.text.strip().upper() in ("INVOICE", "RECEIPT", "TAX INVOICE", "BILL", "QUOTE"):
            continue
        if not any(ch.isalpha() for ch in line.text):
            continue
        height = box[3] - box[1]
        if best is None or height > best[0] + 2:
            best = (height, i, line)
    return (best[1], best[2]) if best else None


def _line_below(page, index: int):
    from awsml_study.engines.documents import bbox
    box = bbox(page.lines[index].polygon)
    below = [i for i, line in enumerate(page.lines)
             if 0 <= bbox(line.polygon)[1] - box[3] < 1.5 * (box[3] - box[1])]
    return min(below, key=lambda i: bbox(page.lines[i].polygon)[1]) if below else None


def line_items(page, number: int) -> tuple[list[dict], set[tuple[int, int]]]:
    """LineItemGroups, and the (table, row) pairs used as items."""
    size = page.size
    groups, used = [], set()
    for t, table in enumerate(page.tables):
        header = {c.column: c.text for c in table.cells if c.header}
        kinds = _column_types(header) if header else {}
        if header and not ({"ITEM", "PRICE"} <= set(kinds.values()) or
                           {"ITEM", "UNIT_PRICE"} <= set(kinds.values())):
            continue
        items = []
        for r in range(1, table.rows + 1):
            row = sorted((c for c in table.cells if c.row == r), key=lambda c: c.column)
            if any(c.header for c in row) or not any(c.text for c in row):
                continue
            fields = _header_row(row, kinds) if header else _receipt_row(row)
            if not fields:
                continue
            from awsml_study.engines.documents import bbox
            filled = [c for c in row if c.text]
            row_box = bbox([c.polygon for c in filled])
            text = " ".join(c.text for c in filled)
            conf = sum(c.confidence for c in filled) / len(filled)
            items.append({"LineItemExpenseFields": [
                _field(kind, 90.0, cell.text if value is None else value, _box(page, cell), size,
                       cell.confidence, number, header.get(cell.column) or None,
                       _header_box(table, cell.column) if header.get(cell.column) else None)
                for kind, cell, value in fields] +
                [_field("EXPENSE_ROW", 90.0, text, row_box, size, conf, number)]})
            used.add((t, r))
        if items:
            groups.append({"LineItemGroupIndex": len(groups) + 1, "LineItems": items})
    return groups, used


def _box(page, cell):
    """Where a cell's text is (the words), rather than the whole cell."""
    return page.box_of(cell.words) if cell.words else cell.box


def _column_types(header: dict[int, str]) -> dict[int, str]:
    kinds: dict[int, str] = {}
    for column, text in header.items():
        for pattern, kind in COLUMNS:
            if re.search(pattern, text.strip().lower()) and kind not in kinds.values():
                kinds[column] = kind
                break
    if "PRICE" not in kinds.values() and "UNIT_PRICE" in kinds.values():
        only = next(c for c, k in kinds.items() if k == "UNIT_PRICE")
        kinds[only] = "PRICE"  # a single price column is the line's price
    return kinds


def _header_box(table, column: int):
    return next(c.box for c in table.cells if c.header and c.column == column)


def _header_row(row, kinds):
    return [(kinds[c.column], c, None) for c in row if c.column in kinds and c.text]


def _receipt_row(row):
    """'3 x Croissant   4.80': item (and quantity) in the first cell, price in the last."""
    cells = [c for c in row if c.text]
    if len(cells) < 2 or not AMOUNT.match(cells[-1].text.replace(" ", "")):
        return None
    if field_type(cells[0].text)[0] != "OTHER":
        return None  # Subtotal, Tax, Total...: summary fields, not items
    fields = []
    match = QUANTITY.match(cells[0].text)
    if match:
        fields.append(("ITEM", cells[0], match.group(2)))
        fields.append(("QUANTITY", cells[0], match.group(1)))
    else:
        fields.append(("ITEM", cells[0], None))
    fields.append(("PRICE", cells[-1], None))
    return fields


def expense_documents(images, first_page: int = 1) -> list[dict]:
    """One ExpenseDocument per page: summary fields, line item groups and the page's blocks."""
    from awsml_study.engines import documents
    from awsml_study.services.textract.analysis import read_page

    docs = []
    for offset, image in enumerate(images):
        number = first_page + offset
        lines, marks = read_page(image)
        page = documents.analyse(image, lines, marks, signatures=False, layout=False)
        groups, used = line_items(page, number)
        blocks = Blocks()
        add_text(blocks, number, page.size, lines)
        docs.append({"ExpenseIndex": len(docs) + 1,
                     "SummaryFields": summary_fields(page, number, used),
                     "LineItemGroups": groups, "Blocks": blocks.items})
    return docs
