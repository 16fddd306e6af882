"""A text box whose sentiment, entities and PII are shown inline, computed by (simulated) Comprehend."""
from __future__ import annotations

import html

COLOURS = {"PERSON": "#fde68a", "LOCATION": "#bbf7d0", "ORGANIZATION": "#bfdbfe", "DATE": "#e9d5ff",
           "QUANTITY": "#fed7aa", "COMMERCIAL_ITEM": "#fbcfe8", "EVENT": "#99f6e4", "TITLE": "#ddd6fe",
           "OTHER": "#e5e7eb", "PII": "#fecaca"}


def highlight(text: str, spans: list[dict], label_key: str = "Type") -> str:
    """HTML of `text` with each {BeginOffset, EndOffset, Type} span marked and labelled."""
    out, last = [], 0
    for span in sorted(spans, key=lambda s: s["BeginOffset"]):
        b, e = span["BeginOffset"], span["EndOffset"]
        if b < last:
            continue  # overlapping spans: keep the first
        kind = span[label_key]
        colour = COLOURS.get(kind, COLOURS["PII"])
        out.append(html.escape(text[last:b]))
        out.append(f'<mark style="background:{colour};padding:0 2px" title="{kind}">'
                   f'{html.escape(text[b:e])}<sub style="font-size:65%"> {kind}</sub></mark>')
        last = e
    out.append(html.escape(text[last:]))
    return "".join(out)


class TextInsights:
    """Type text, press Analyse: sentiment with its scores, entities and PII highlighted inline.

    The widget is `self.box` (a VBox owning an Output); `analyse()` does the work, so a test can
    drive it without a kernel.
    """

    def __init__(self, client=None, text: str = ""):
        import ipywidgets as w

        import awsml_study
        self.client = client or awsml_study.client("comprehend")
        self.text = w.Textarea(value=text, layout=w.Layout(width="100%", height="80px"))
        self.button = w.Button(description="Analyse", button_style="primary")
        self.output = w.Output()
        self.button.on_click(lambda _: self.analyse())
        self.box = w.VBox([self.text, self.button, self.output])
        self.result: dict = {}

    def analyse(self, text: str | None = None) -> dict:
        """Run DetectSentiment, DetectEntities and DetectPiiEntities; show and return the results."""
        from IPython.display import HTML, display

        text = self.text.value if text is None else text
        self.text.value = text
        c = self.client
        try:
            self.result = {
                "sentiment": c.detect_sentiment(Text=text, LanguageCode="en"),
                "entities": c.detect_entities(Text=text, LanguageCode="en")["Entities"],
                "pii": c.detect_pii_entities(Text=text, LanguageCode="en")["Entities"],
            }
        except c.exceptions.ClientError as err:  # show AWS's own error, as the console would
            self.result = {"error": err.response["Error"]}
        self.output.clear_output()
        with self.output:
            display(HTML(self.render()))
        return self.result

    def render(self) -> str:
        if "error" in self.result:
            e = self.result["error"]
            return f"<b>{html.escape(e['Code'])}</b>: {html.escape(e['Message'])}"
        s = self.result["sentiment"]
        scores = ", ".join(f"{k} {v:.2f}" for k, v in s["SentimentScore"].items())
        text = self.text.value
        return (f"<p><b>Sentiment:</b> {s['Sentiment']} <small>({scores})</small></p>"
                f"<p><b>Entities</b><br>{highlight(text, self.result['entities'])}</p>"
                f"<p><b>PII</b><br>{highlight(text, self.result['pii'])}</p>")

    def _ipython_display_(self):
        from IPython.display import display
        display(self.box)
