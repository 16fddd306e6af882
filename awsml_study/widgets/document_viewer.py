"""A Textract result viewer: the page with its blocks drawn over it, forms and tables beside it.

    viewer = DocumentViewer(open("invoice.png", "rb").read(), response)
    viewer                      # in a notebook: layer toggles, the page, key/values and tables
    viewer.key_values()         # the same answers as plain Python, from the Block graph

The parsing functions (`key_values`, `tables`, `query_answers`, `lines`) read any Textract
response (real or simulated) through its Relationships, as the usual Textract parsers do.
"""
from __future__ import annotations

import html

COLOURS = {"LINE": "#2563eb", "WORD": "#60a5fa", "KEY": "#dc2626", "VALUE": "#16a34a",
           "TABLE": "#7c3aed", "CELL": "#a78bfa", "MERGED_CELL": "#f59e0b", "TABLE_TITLE": "#9333ea",
           "SELECTION_ELEMENT": "#0891b2", "SIGNATURE": "#db2777", "QUERY_RESULT": "#ea580c",
           "LAYOUT": "#64748b", "SUMMARY": "#dc2626", "LINE_ITEM": "#16a34a"}
DEFAULT_LAYERS = ("KEY", "VALUE", "CELL", "SELECTION_ELEMENT", "SIGNATURE", "QUERY_RESULT",
                  "SUMMARY", "LINE_ITEM")


# ----- parsing the Block graph -----

def _index(blocks):
    return {b["Id"]: b for b in blocks}


def _related(block, by_id, kind="CHILD"):
    return [by_id[i] for r in block.get("Relationships", []) if r["Type"] == kind
            for i in r["Ids"] if i in by_id]


def text_of(block, by_id) -> str:
    """The text under a block: its WORD children, and [X]/[ ] for selection elements."""
    parts = []
    for child in _related(block, by_id):
        if child["BlockType"] == "WORD":
            parts.append(child["Text"])
        elif child["BlockType"] == "SELECTION_ELEMENT":
            parts.append("[X]" if child["SelectionStatus"] == "SELECTED" else "[ ]")
    return " ".join(parts)


def lines(blocks, page: int | None = None) -> list[str]:
    return [b["Text"] for b in blocks if b["BlockType"] == "LINE"
            and (page is None or b.get("Page") == page)]


def key_values(blocks) -> list[tuple[str, str, float]]:
    """(key text, value text, confidence) of every KEY_VALUE_SET pair, in page order."""
    by_id = _index(blocks)
    pairs = []
    for block in blocks:
        if block["BlockType"] == "KEY_VALUE_SET" and "KEY" in block.get("EntityTypes", []):
            values = _related(block, by_id, "VALUE")
            value = " ".join(text_of(v, by_id) for v in values)
            pairs.append((text_of(block, by_id), value, block.get("Confidence", 0.0)))
    return pairs


def tables(blocks) -> list[list[list[str]]]:
    """Every TABLE as rows of cell texts; a merged cell's text fills its first cell."""
    by_id = _index(blocks)
    out = []
    for table in (b for b in blocks if b["BlockType"] == "TABLE"):
        cells = [c for c in _related(table, by_id) if c["BlockType"] == "CELL"]
        if not cells:
            out.append([])
            continue
        rows = max(c["RowIndex"] + c.get("RowSpan", 1) - 1 for c in cells)
        cols = max(c["ColumnIndex"] + c.get("ColumnSpan", 1) - 1 for c in cells)
        grid = [["" for _ in range(cols)] for _ in range(rows)]
        for cell in cells:
            grid[cell["RowIndex"] - 1][cell["ColumnIndex"] - 1] = text_of(cell, by_id)
        for merged in _related(table, by_id, "MERGED_CELL"):
            members = _related(merged, by_id)
            texts = [text_of(m, by_id) for m in sorted(members, key=lambda m: (m["RowIndex"],
                                                                               m["ColumnIndex"]))]
            for m in members:
                grid[m["RowIndex"] - 1][m["ColumnIndex"] - 1] = ""
            grid[merged["RowIndex"] - 1][merged["ColumnIndex"] - 1] = " ".join(t for t in texts if t)
        out.append(grid)
    return out


def query_answers(blocks) -> dict[str, tuple[str, float] | None]:
    """{query alias or text: (answer, confidence) or None when the page did not answer it}."""
    by_id = _index(blocks)
    answers: dict[str, tuple[str, float] | None] = {}
    for query in (b for b in blocks if b["BlockType"] == "QUERY"):
        name = query["Query"].get("Alias") or query["Query"]["Text"]
        results = _related(query, by_id, "ANSWER")
        if results:  # a query asked of several pages keeps the answer of the page that had one
            answers[name] = (results[0]["Text"], results[0]["Confidence"])
        else:
            answers.setdefault(name, None)
    return answers


def expense_fields(response) -> tuple[dict[str, str], list[dict[str, str]]]:
    """({summary type: value}, [{item field type: value}]) of an AnalyzeExpense response."""
    summary, items = {}, []
    for doc in response.get("ExpenseDocuments", []):
        for field in doc.get("SummaryFields", []):
            summary.setdefault(field["Type"]["Text"], field.get("ValueDetection", {}).get("Text", ""))
        for group in doc.get("LineItemGroups", []):
            for item in group.get("LineItems", []):
                items.append({f["Type"]["Text"]: f.get("ValueDetection", {}).get("Text", "")
                              for f in item["LineItemExpenseFields"]})
    return summary, items


# ----- the widget -----

def page_images(document) -> list:
    """Page images (RGB arrays) of document bytes (PNG/JPEG/PDF/TIFF), an array or a list."""
    import numpy as np
    if isinstance(document, (bytes, bytearray)):
        from awsml_study.engines.documents import pdf
        doc = pdf.open_document(bytes(document))
        try:
            return [doc.page_image(i) for i in range(doc.pages)]
        finally:
            doc.close()
    if isinstance(document, (list, tuple)):
        return [np.asarray(page) for page in document]
    return [np.asarray(document)]


def _shapes(response, page: int):
    """(layer, polygon as [(x, y)] ratios, label) of everything drawable on one page."""
    found = []
    blocks = response.get("Blocks", [])
    for block in blocks:
        if block.get("Page", 1) != page or "Geometry" not in block:
            continue
        kind = block["BlockType"]
        if kind == "KEY_VALUE_SET":
            kind = "KEY" if "KEY" in block.get("EntityTypes", []) else "VALUE"
        elif kind.startswith("LAYOUT_"):
            kind = "LAYOUT"
        label = block.get("Text") or (block["BlockType"][7:].lower() if kind == "LAYOUT" else "")
        poly = [(p["X"], p["Y"]) for p in block["Geometry"]["Polygon"]]
        found.append((kind, poly, label))
    for doc in response.get("ExpenseDocuments", []):
        fields = [("SUMMARY", f) for f in doc.get("SummaryFields", [])]
        fields += [("LINE_ITEM", f) for g in doc.get("LineItemGroups", [])
                   for item in g["LineItems"] for f in item["LineItemExpenseFields"]
                   if f["Type"]["Text"] != "EXPENSE_ROW"]
        for layer, field in fields:
            value = field.get("ValueDetection", {})
            if field.get("PageNumber", 1) == page and "Geometry" in value:
                poly = [(p["X"], p["Y"]) for p in value["Geometry"]["Polygon"]]
                found.append((layer, poly, field["Type"]["Text"]))
    return found


class DocumentViewer:
    """Layer toggles, the page with its boxes, and the forms, tables and queries found on it.

    The widget is `self.box` (a VBox owning an Output); `update()` redraws, `figure()` returns
    the matplotlib figure, so a test can drive it without a kernel.
    """

    def __init__(self, document, response: dict, layers=DEFAULT_LAYERS, page: int = 1):
        import ipywidgets as w

        self.pages = page_images(document)
        self.response = response
        self.blocks = response.get("Blocks", [])
        present = {kind for p in range(1, len(self.pages) + 1) for kind, _, _ in _shapes(response, p)}
        self.toggles = {name: w.Checkbox(value=name in layers, description=name, indent=False,
                                         layout=w.Layout(width="auto"))
                        for name in COLOURS if name in present}
        self.page = w.IntSlider(value=page, min=1, max=max(1, len(self.pages)), description="Page")
        self.output = w.Output()
        self.details = w.HTML()
        for control in [*self.toggles.values(), self.page]:
            control.observe(lambda _: self.update(), names="value")
        header = [w.HBox(list(self.toggles.values()))]
        if len(self.pages) > 1:
            header.append(self.page)
        self.box = w.VBox([*header, w.HBox([self.output, self.details])])
        self.update()

    def layers(self) -> list[str]:
        return [name for name, box in self.toggles.items() if box.value]

    def figure(self, page: int | None = None, layers=None):
        """The page image with the chosen layers' polygons drawn over it (a matplotlib Figure)."""
        from awsml_study.widgets.figures import new_figure
        from matplotlib.patches import Polygon

        page = page or self.page.value
        layers = set(self.layers() if layers is None else layers)
        image = self.pages[page - 1]
        height, width = image.shape[:2]
        fig = new_figure(figsize=(7, 7 * height / width), dpi=90)
        ax = fig.add_axes([0, 0, 1, 1])
        ax.imshow(image)
        ax.set_axis_off()
        for kind, poly, label in _shapes(self.response, page):
            if kind not in layers or kind not in COLOURS:
                continue
            pts = [(x * width, y * height) for x, y in poly]
            ax.add_patch(Polygon(pts, closed=True, fill=False, edgecolor=COLOURS[kind], lw=1.4))
            if kind in ("KEY", "QUERY_RESULT", "SUMMARY", "LINE_ITEM", "SIGNATURE", "LAYOUT"):
                ax.text(pts[0][0], pts[0][1] - 3, label if kind != "KEY" else "", fontsize=6,
                        color=COLOURS[kind])
        return fig

    def key_values(self):
        return key_values(self.blocks)

    def tables(self):
        return tables(self.blocks)

    def details_html(self) -> str:
        """Key/value pairs, tables, query answers and expense fields as HTML."""
        esc = html.escape
        parts = []
        pairs = self.key_values()
        if pairs:
            rows = "".join(f"<tr><td><b>{esc(k)}</b></td><td>{esc(v)}</td><td>{c:.0f}</td></tr>"
                           for k, v, c in pairs)
            parts.append(f"<h4>Key / value ({len(pairs)})</h4><table>{rows}</table>")
        for n, grid in enumerate(self.tables(), start=1):
            rows = "".join("<tr>" + "".join(f"<td style='border:1px solid #ccc;padding:2px 6px'>"
                                            f"{esc(c)}</td>" for c in row) + "</tr>" for row in grid)
            parts.append(f"<h4>Table {n}</h4><table style='border-collapse:collapse'>{rows}</table>")
        answers = query_answers(self.blocks)
        if answers:
            rows = "".join(f"<tr><td>{esc(q)}</td><td><b>{esc(a[0]) if a else '—'}</b></td></tr>"
                           for q, a in answers.items())
            parts.append(f"<h4>Queries</h4><table>{rows}</table>")
        if "ExpenseDocuments" in self.response:
            summary, items = expense_fields(self.response)
            rows = "".join(f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in summary.items())
            parts.append(f"<h4>Summary fields</h4><table>{rows}</table>")
            rows = "".join("<tr>" + "".join(f"<td>{esc(k)}: {esc(v)}</td>" for k, v in item.items())
                           + "</tr>" for item in items)
            parts.append(f"<h4>Line items ({len(items)})</h4><table>{rows}</table>")
        return "".join(parts) or "<i>No forms, tables or queries in this response.</i>"

    def png(self, page: int | None = None, layers=None) -> bytes:
        """The drawn page as PNG bytes (shown without needing a matplotlib backend)."""
        import io
        buffer = io.BytesIO()
        self.figure(page, layers).savefig(buffer, format="png")
        return buffer.getvalue()

    def update(self) -> None:
        from IPython.display import Image, display
        self.details.value = f"<div style='max-width:460px;font-size:12px'>{self.details_html()}</div>"
        self.output.clear_output(wait=True)
        with self.output:
            display(Image(data=self.png()))

    def _ipython_display_(self):
        from IPython.display import display
        display(self.box)
