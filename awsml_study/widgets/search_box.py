"""A Kendra search box: ranked results with highlighted excerpts, the top answer, FAQ matches and facets."""
from __future__ import annotations

import html

MARKS = {"STANDARD": "#fde68a", "THESAURUS_SYNONYM": "#bbf7d0", "TOP": "#bfdbfe"}
BADGES = {"VERY_HIGH": "#15803d", "HIGH": "#65a30d", "MEDIUM": "#ca8a04", "LOW": "#9ca3af",
          "NOT_AVAILABLE": "#9ca3af"}


def marked(block: dict) -> str:
    """HTML of a TextWithHighlights: query terms yellow, synonyms green, the top answer blue."""
    text, out, last = block.get("Text", ""), [], 0
    for h in sorted(block.get("Highlights", []), key=lambda h: (h["BeginOffset"], -h["EndOffset"])):
        b, e = h["BeginOffset"], h["EndOffset"]
        if b < last:
            continue
        colour = MARKS["TOP"] if h.get("TopAnswer") else MARKS.get(h.get("Type", "STANDARD"), MARKS["STANDARD"])
        out.append(html.escape(text[last:b]))
        out.append(f'<mark style="background:{colour};padding:0 1px">{html.escape(text[b:e])}</mark>')
        last = e
    out.append(html.escape(text[last:]))
    return "".join(out).replace("\n", "<br>")


def _badge(item: dict) -> str:
    conf = item.get("ScoreAttributes", {}).get("ScoreConfidence", "NOT_AVAILABLE")
    return (f'<span style="background:{BADGES[conf]};color:white;border-radius:3px;padding:0 4px;'
            f'font-size:75%">{conf}</span>')


class SearchBox:
    """Type a question, press Search: Kendra's Query results as a search page would show them.

    Facet values in the side panel filter the results (`select(key, value)` toggles one), so a
    test or a notebook cell can drive it without clicking. The widget is `self.box`.
    """

    def __init__(self, client, index_id: str, facets: tuple[str, ...] = ("department",),
                 query: str = "", page_size: int = 5):
        import ipywidgets as w
        self.client, self.index_id, self.facets, self.page_size = client, index_id, facets, page_size
        self.text = w.Text(value=query, placeholder="Ask a question…", layout=w.Layout(width="70%"))
        self.button = w.Button(description="Search", button_style="primary")
        self.facet_box = w.VBox(layout=w.Layout(width="28%"))
        self.output = w.Output(layout=w.Layout(width="70%"))
        self.button.on_click(lambda _: self.search())
        self.text.on_submit(lambda _: self.search())
        self.box = w.VBox([w.HBox([self.text, self.button]), w.HBox([self.output, self.facet_box])])
        self.selected: dict[str, set] = {}
        self.response: dict = {}

    def attribute_filter(self) -> dict | None:
        parts = [{"OrAllFilters": [{"EqualsTo": {"Key": k, "Value": {"StringValue": v}}} for v in sorted(vals)]}
                 for k, vals in self.selected.items() if vals]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else {"AndAllFilters": parts}

    def search(self, query: str | None = None) -> dict:
        """Run Query with the selected facet values as an AttributeFilter; show and return it."""
        from IPython.display import HTML, display
        if query is not None:
            self.text.value = query
        params = {"IndexId": self.index_id, "QueryText": self.text.value, "PageSize": self.page_size,
                  "Facets": [{"DocumentAttributeKey": k} for k in self.facets]}
        flt = self.attribute_filter()
        if flt:
            params["AttributeFilter"] = flt
        try:
            self.response = self.client.query(**params)
        except self.client.exceptions.ClientError as err:
            self.response = {"error": err.response["Error"]}
        self.output.clear_output()
        with self.output:
            display(HTML(self.render()))
        self._draw_facets()
        return self.response

    def select(self, key: str, value: str) -> dict:
        """Toggle one facet value in the filter and search again."""
        chosen = self.selected.setdefault(key, set())
        chosen.symmetric_difference_update({value})
        return self.search()

    def _draw_facets(self) -> None:
        import ipywidgets as w
        rows = []
        for facet in self.response.get("FacetResults", []):
            key = facet["DocumentAttributeKey"]
            rows.append(w.HTML(f"<b>{html.escape(key)}</b>"))
            for pair in facet["DocumentAttributeValueCountPairs"]:
                value = next(iter(pair["DocumentAttributeValue"].values()))
                box = w.Checkbox(value=str(value) in self.selected.get(key, set()),
                                 description=f"{value} ({pair['Count']})", indent=False)
                box.observe(lambda change, k=key, v=str(value): self.select(k, v), names="value")
                rows.append(box)
        self.facet_box.children = rows

    def render(self) -> str:
        r = self.response
        if "error" in r:
            return f"<b>{html.escape(r['error']['Code'])}</b>: {html.escape(r['error']['Message'])}"
        parts = [f"<p style='color:#555'>{r.get('TotalNumberOfResults', 0)} documents found</p>"]
        for item in r.get("ResultItems", []):
            title = marked(item.get("DocumentTitle", {}))
            if item["Type"] == "ANSWER":
                body = item["AdditionalAttributes"][0]["Value"]["TextWithHighlightsValue"]
                parts.append(f"<div style='border-left:4px solid {MARKS['TOP']};padding:4px 8px;margin:6px 0'>"
                             f"<b>Answer</b> {_badge(item)}<br>{marked(body)}<br>"
                             f"<small>from {title}</small></div>")
            elif item["Type"] == "QUESTION_ANSWER":
                q, a = (x["Value"]["TextWithHighlightsValue"] for x in item["AdditionalAttributes"])
                parts.append(f"<div style='border-left:4px solid #c4b5fd;padding:4px 8px;margin:6px 0'>"
                             f"<b>FAQ</b> {_badge(item)} <i>{marked(q)}</i><br>{marked(a)}</div>")
            else:
                uri = item.get("DocumentURI")
                link = f"<br><small style='color:#15803d'>{html.escape(uri)}</small>" if uri else ""
                parts.append(f"<div style='margin:8px 0'><b>{title}</b> {_badge(item)}{link}<br>"
                             f"{marked(item.get('DocumentExcerpt', {}))}</div>")
        if not r.get("ResultItems"):
            parts.append("<p>No results.</p>")
        return "".join(parts)

    def _ipython_display_(self):
        from IPython.display import display
        display(self.box)
