"""A transcript viewer for Transcribe: play the audio and see each recognised word on the waveform.

    view = TranscriptView(audio_bytes, transcript_json, reference="what was really said")
    view                      # in a notebook: player, timeline plot, transcript coloured by confidence

Words are placed at the start_time/end_time Transcribe wrote and shaded by their confidence; subtitle
cues (optional) are drawn as bars under the waveform. Behaviour lives in plain methods (`word_at`,
`select`, `figure`, `text_html`, `word_error_rate`) so tests can drive it without a kernel.
"""
from __future__ import annotations

import html
import json

import numpy as np


def parse_transcript(doc) -> dict:
    """A transcript document from bytes, str or an already parsed dict."""
    if isinstance(doc, (bytes, bytearray)):
        doc = doc.decode("utf-8")
    if isinstance(doc, str):
        doc = json.loads(doc)
    return doc


def words_of(doc: dict) -> list[dict]:
    """[{word, start, end, confidence, speaker, channel}] for the pronunciation items."""
    out = []
    for item in doc["results"]["items"]:
        if item["type"] != "pronunciation":
            continue
        alt = item["alternatives"][0]
        out.append({"word": alt["content"], "start": float(item["start_time"]), "end": float(item["end_time"]),
                    "confidence": float(alt.get("confidence", alt.get("redactions", [{}])[0].get("confidence", 0))),
                    "speaker": item.get("speaker_label"), "channel": item.get("channel_label")})
    return out


class TranscriptView:
    """Audio player, word-timing timeline and transcript of one Transcribe job."""

    LOW = 0.5          # words below this confidence are underlined in the text

    def __init__(self, audio_bytes: bytes, transcript, reference: str | None = None, subtitles: str | None = None):
        import ipywidgets as w

        from awsml_study.engines.speech import audio
        from awsml_study.engines.speech import subtitles as subs
        self.samples, self.rate = audio.decode(audio_bytes)
        self.doc = parse_transcript(transcript)
        self.words = words_of(self.doc)
        self.text = self.doc["results"]["transcripts"][0]["transcript"]
        self.reference = reference
        self.cues = subs.parse(subtitles) if subtitles else []
        self.duration = len(self.samples) / self.rate if self.rate else 0.0
        self.slider = w.IntSlider(value=0, min=0, max=max(len(self.words) - 1, 0), description="word",
                                  continuous_update=False, layout=w.Layout(width="100%"))
        self.slider.observe(lambda change: self.select(change["new"]), names="value")
        self.output = w.Output()
        self.box = w.VBox([self.output, self.slider])
        self.selected: int | None = None

    # ----- plain methods -----

    def word_at(self, seconds: float) -> str | None:
        """The recognised word spoken at `seconds`, or None between words."""
        for span in self.words:
            if span["start"] <= seconds < span["end"]:
                return span["word"]
        return None

    def low_confidence(self, threshold: float | None = None) -> list[str]:
        limit = self.LOW if threshold is None else threshold
        return [w["word"] for w in self.words if w["confidence"] < limit]

    def word_error_rate(self) -> float | None:
        """WER of the transcript against the reference text (None without a reference)."""
        if self.reference is None:
            return None
        from awsml_study.engines.speech import asr
        return asr.word_error_rate(self.reference, self.text)[0]

    def figure(self, selected: int | None = None):
        """A matplotlib Figure: waveform, one shaded span per recognised word (darker = more
        confident), labels, and subtitle cues as bars below."""
        from matplotlib import colormaps
        from awsml_study.widgets.figures import new_figure
        fig = new_figure(figsize=(11, 3.4))
        ax = fig.add_subplot()
        step = max(1, len(self.samples) // 6000)
        t = np.arange(0, len(self.samples), step) / self.rate
        ax.plot(t, self.samples[::step], linewidth=0.5, color="#475569")
        top = float(np.max(np.abs(self.samples))) if len(self.samples) else 1.0
        cmap = colormaps["Blues"]
        for i, span in enumerate(self.words):
            chosen = i == selected
            ax.axvspan(span["start"], span["end"], color="#f59e0b" if chosen else cmap(0.25 + 0.6 * span["confidence"]),
                       alpha=0.8 if chosen else 0.55, linewidth=0)
            ax.axvline(span["start"], color="white", linewidth=1.0)
            ax.text(span["start"], top * 1.05, span["word"], fontsize=8, rotation=35, ha="left", va="bottom",
                    fontweight="bold" if chosen else "normal",
                    color="#b91c1c" if span["confidence"] < self.LOW else "black")
        for k, cue in enumerate(self.cues):
            y = -top * (1.15 + 0.12 * (k % 2))
            ax.plot([cue.start, cue.end], [y, y], linewidth=4, color="#10b981", solid_capstyle="butt")
        ax.set_xlim(0, max(self.duration, 0.01))
        ax.set_ylim(-top * 1.45, top * 1.7)
        ax.set_xlabel("seconds")
        ax.set_yticks([])
        ax.set_title("Waveform and recognised words (shade = confidence, red label = low)"
                     + (", green bars: subtitle cues" if self.cues else ""), fontsize=10)
        fig.tight_layout()
        return fig

    def png(self, selected: int | None = None) -> bytes:
        import io

        from matplotlib.backends.backend_agg import FigureCanvasAgg
        fig = self.figure(selected)
        FigureCanvasAgg(fig)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=90)
        return buf.getvalue()

    def text_html(self, selected: int | None = None) -> str:
        parts = []
        for i, w in enumerate(self.words):
            style = "background:#f59e0b" if i == selected else ""
            if w["confidence"] < self.LOW:
                style += ";text-decoration:underline wavy #b91c1c"
            tip = f"{w['start']:.2f}-{w['end']:.2f} s, confidence {w['confidence']:.2f}"
            parts.append(f"<span title='{tip}' style='{style}'>{html.escape(w['word'])}</span>")
        out = f"<p><b>Transcript:</b> {html.escape(self.text)}</p><p><b>Words:</b> {' '.join(parts)}</p>"
        if self.reference is not None:
            out += (f"<p><b>Reference:</b> {html.escape(self.reference)}<br>"
                    f"<b>Word error rate:</b> {self.word_error_rate():.0%}</p>")
        if selected is not None and 0 <= selected < len(self.words):
            w = self.words[selected]
            out += f"<p><small>word {selected + 1}/{len(self.words)}: {w['start']:.2f}-{w['end']:.2f} s</small></p>"
        return out

    def select(self, index: int | None) -> None:
        """Highlight word `index` and redraw the player, plot and text."""
        from IPython.display import HTML, Audio, Image, display
        self.selected = index
        self.output.clear_output(wait=True)
        with self.output:
            display(Audio(data=self.samples, rate=self.rate))
            display(Image(self.png(index)))
            display(HTML(self.text_html(index)))

    def _ipython_display_(self):
        from IPython.display import display
        self.select(self.slider.value if self.words else None)
        display(self.box)
