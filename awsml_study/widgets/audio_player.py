"""An audio player with a word-timing view: Polly's word speech marks drawn over the waveform."""
from __future__ import annotations

import html
import json

import numpy as np


def parse_marks(marks) -> list[dict]:
    """Speech marks from a SynthesizeSpeech json body (bytes or str, JSON lines) or a list of dicts."""
    if isinstance(marks, (bytes, bytearray)):
        marks = marks.decode("utf-8")
    if isinstance(marks, str):
        return [json.loads(line) for line in marks.splitlines() if line.strip()]
    return list(marks or [])


def word_spans(marks: list[dict], duration_ms: float) -> list[dict]:
    """Each word mark with an end time: the next word's start (or the end of the audio).

    Polly gives a start time only; the span reaching the next word includes any pause after it.
    """
    words = [m for m in marks if m.get("type") == "word"]
    out = []
    for i, m in enumerate(words):
        end = words[i + 1]["time"] if i + 1 < len(words) else duration_ms
        out.append({"word": m["value"], "start_ms": m["time"], "end_ms": max(end, m["time"]),
                    "start": m.get("start"), "end": m.get("end")})
    return out


class SpeechPlayer:
    """Play synthesised speech and see when each word is spoken.

    `SpeechPlayer(audio_bytes, marks, text=..., fmt=None)`: audio as SynthesizeSpeech returned it
    (mp3/ogg/wav bytes; pass fmt="pcm" and sample_rate for raw PCM), marks as the json body of a
    second call with SpeechMarkTypes=["word", ...]. The widget is `self.box`; `select(i)` highlights
    word i in the plot and in the text, so a test can drive it without a kernel.
    """

    def __init__(self, audio_bytes: bytes, marks, text: str | None = None, fmt: str | None = None,
                 sample_rate: int | None = None):
        import ipywidgets as w

        from awsml_study.engines.speech import audio
        self.samples, self.rate = audio.decode(audio_bytes, fmt=fmt, rate=sample_rate)
        self.audio_bytes = bytes(audio_bytes)
        self.fmt = fmt
        self.text = text
        self.marks = parse_marks(marks)
        self.duration_ms = 1000 * len(self.samples) / self.rate if self.rate else 0
        self.words = word_spans(self.marks, self.duration_ms)
        self.slider = w.IntSlider(value=0, min=0, max=max(len(self.words) - 1, 0), description="word",
                                  continuous_update=False, layout=w.Layout(width="100%"))
        self.slider.observe(lambda change: self.select(change["new"]), names="value")
        self.output = w.Output()
        self.box = w.VBox([self.output, self.slider])
        self.selected: int | None = None

    # ----- plain methods -----

    def word_at(self, ms: float) -> str | None:
        """The word being spoken at `ms` milliseconds, or None in silence before the first word."""
        for span in self.words:
            if span["start_ms"] <= ms < span["end_ms"]:
                return span["word"]
        return None

    def visemes(self) -> list[tuple[int, str]]:
        return [(m["time"], m["value"]) for m in self.marks if m.get("type") == "viseme"]

    def figure(self, selected: int | None = None):
        """A matplotlib Figure: the waveform, each word's span shaded and labelled."""
        from awsml_study.widgets.figures import new_figure
        fig = new_figure(figsize=(11, 3.2))
        ax = fig.add_subplot()
        step = max(1, len(self.samples) // 6000)          # enough points for the eye
        t = np.arange(0, len(self.samples), step) / self.rate
        ax.plot(t, self.samples[::step], linewidth=0.5, color="#475569")
        top = float(np.max(np.abs(self.samples))) if len(self.samples) else 1.0
        for i, span in enumerate(self.words):
            a, b = span["start_ms"] / 1000, span["end_ms"] / 1000
            chosen = i == selected
            ax.axvspan(a, b, color="#f59e0b" if chosen else ("#bfdbfe" if i % 2 else "#dbeafe"),
                       alpha=0.8 if chosen else 0.5, linewidth=0)
            ax.text(a, top * 1.05, span["word"], fontsize=8, rotation=35, ha="left", va="bottom",
                    fontweight="bold" if chosen else "normal")
        for ms, value in self.visemes():
            ax.plot([ms / 1000], [-top * 1.1], marker="|", color="#9ca3af", markersize=6)
        ax.set_xlim(0, max(self.duration_ms / 1000, 0.01))
        ax.set_ylim(-top * 1.25, top * 1.6)
        ax.set_xlabel("seconds")
        ax.set_yticks([])
        ax.set_title("Waveform and word speech marks" + (" (ticks: visemes)" if self.visemes() else ""),
                     fontsize=10)
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
        """The input text with the selected word highlighted (marks' byte offsets index the UTF-8 text)."""
        if self.text is None:
            return ""
        raw = self.text.encode("utf-8")
        if selected is None or not 0 <= selected < len(self.words) or self.words[selected]["start"] is None:
            return f"<p>{html.escape(self.text)}</p>"
        a, b = self.words[selected]["start"], self.words[selected]["end"]
        before, word, after = (raw[:a].decode(errors="replace"), raw[a:b].decode(errors="replace"),
                               raw[b:].decode(errors="replace"))
        span = self.words[selected]
        return (f"<p>{html.escape(before)}<mark style='background:#f59e0b'>{html.escape(word)}</mark>"
                f"{html.escape(after)}</p><p><small>word {selected + 1}/{len(self.words)}: "
                f"{span['start_ms']:.0f}-{span['end_ms']:.0f} ms</small></p>")

    def select(self, index: int | None) -> None:
        """Highlight word `index` and redraw the player, plot and text."""
        from IPython.display import HTML, Audio, Image, display
        self.selected = index
        self.output.clear_output(wait=True)
        with self.output:
            display(Audio(data=self.samples, rate=self.rate))
            display(Image(self.png(index)))
            if self.text is not None:
                display(HTML(self.text_html(index)))

    def _ipython_display_(self):
        from IPython.display import display
        self.select(self.slider.value if self.words else None)
        display(self.box)
