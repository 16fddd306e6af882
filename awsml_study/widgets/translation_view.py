"""Source and translation side by side, with the custom terms Translate applied highlighted in both."""
from __future__ import annotations

import html
import re

SOURCE_MARK = "#fde68a"
TARGET_MARK = "#bbf7d0"


def mark_terms(text: str, terms: list[str], colour: str) -> str:
    """HTML of `text` with every whole-word occurrence of the given terms highlighted."""
    spans = []
    for term in sorted({t for t in terms if t}, key=len, reverse=True):
        for m in re.finditer(r"(?<!\w)" + re.escape(term) + r"(?!\w)", text):
            if not any(a < m.end() and m.start() < b for a, b in spans):
                spans.append((m.start(), m.end()))
    out, last = [], 0
    for b, e in sorted(spans):
        out.append(html.escape(text[last:b]))
        out.append(f'<mark style="background:{colour};padding:0 2px">{html.escape(text[b:e])}</mark>')
        last = e
    out.append(html.escape(text[last:]))
    return "".join(out).replace("\n", "<br>")


class TranslationView:
    """Type text, pick the languages and a terminology, press Translate: both texts side by side.

    The widget is `self.box` (a VBox owning an Output); `translate()` does the work and `render()`
    builds the HTML, so a test can drive it without a kernel.
    """

    def __init__(self, client=None, text: str = "", source: str = "en", target: str = "pt",
                 terminology: str | None = None):
        import ipywidgets as w

        import awsml_study
        self.client = client or awsml_study.client("translate")
        self.text = w.Textarea(value=text, layout=w.Layout(width="100%", height="80px"))
        self.source = w.Text(value=source, description="From", layout=w.Layout(width="160px"))
        self.target = w.Text(value=target, description="To", layout=w.Layout(width="160px"))
        self.terminology = w.Text(value=terminology or "", description="Terms",
                                  placeholder="terminology name (optional)")
        self.button = w.Button(description="Translate", button_style="primary")
        self.output = w.Output()
        self.button.on_click(lambda _: self.translate())
        self.box = w.VBox([self.text, w.HBox([self.source, self.target, self.terminology, self.button]),
                           self.output])
        self.result: dict = {}

    def translate(self, text: str | None = None, **settings) -> dict:
        """Call TranslateText with the widget's values; show and return the response (or AWS's error)."""
        from IPython.display import HTML, display

        if text is not None:
            self.text.value = text
        params = {"Text": self.text.value, "SourceLanguageCode": self.source.value.strip(),
                  "TargetLanguageCode": self.target.value.strip()}
        if self.terminology.value.strip():
            params["TerminologyNames"] = [self.terminology.value.strip()]
        if settings:
            params["Settings"] = settings
        try:
            self.result = self.client.translate_text(**params)
        except self.client.exceptions.ClientError as err:
            self.result = {"error": err.response["Error"]}
        self.output.clear_output()
        with self.output:
            display(HTML(self.render()))
        return self.result

    def render(self) -> str:
        if "error" in self.result:
            e = self.result["error"]
            return f"<b>{html.escape(e['Code'])}</b>: {html.escape(e['Message'])}"
        r = self.result
        terms = [t for a in r.get("AppliedTerminologies", []) for t in a["Terms"]]
        left = mark_terms(self.text.value, [t["SourceText"] for t in terms], SOURCE_MARK)
        right = mark_terms(r["TranslatedText"], [t["TargetText"] for t in terms], TARGET_MARK)
        engine = html.escape(r.get("ResponseMetadata", {}).get("HTTPHeaders", {}).get(
            "x-awsml-study-engine", "real AWS"))
        cell = "vertical-align:top;padding:6px;border:1px solid #ddd;width:50%"
        applied = ", ".join(f"{html.escape(t['SourceText'])} → {html.escape(t['TargetText'])}" for t in terms)
        settings = ", ".join(f"{k}={v}" for k, v in r.get("AppliedSettings", {}).items())
        return (f'<table style="width:100%;border-collapse:collapse"><tr>'
                f'<th style="{cell}">{html.escape(r["SourceLanguageCode"])}</th>'
                f'<th style="{cell}">{html.escape(r["TargetLanguageCode"])}</th></tr>'
                f'<tr><td style="{cell}">{left}</td><td style="{cell}">{right}</td></tr></table>'
                f'<p><small>Applied terms: {applied or "none"} · settings: {settings or "none"} · '
                f'engine: {engine}</small></p>')

    def _ipython_display_(self):
        from IPython.display import display
        display(self.box)
