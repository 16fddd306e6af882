"""Subtitles (SubRip .srt and WebVTT .vtt) cut from timed transcript words.

    cues = subtitles.cues(items)          # items: dicts or objects with kind/content/start/end
    subtitles.srt(cues, start_index=0)    # Transcribe numbers cues from OutputStartIndex (0 or 1)
    subtitles.vtt(cues, start_index=0)

A cue closes at the end of a sentence, before it would exceed two lines of LINE_CHARS characters
or MAX_CUE_S seconds, and at a pause of at least PAUSE_S; the usual captioning conventions.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

LINE_CHARS = 42
MAX_LINES = 2
MAX_CUE_S = 6.0
PAUSE_S = 1.5


@dataclass
class Cue:
    start: float
    end: float
    text: str

    def lines(self) -> list[str]:
        return textwrap.wrap(self.text, LINE_CHARS) or [""]


def _get(item, name):
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def cues(items) -> list[Cue]:
    """Group transcript items (pronunciation with times, punctuation without) into caption cues."""
    out: list[Cue] = []
    words: list[str] = []
    start = end = None

    def close():
        nonlocal words, start, end
        if words:
            out.append(Cue(start, end, " ".join(words)))
        words, start, end = [], None, None

    for item in items:
        kind, content = _get(item, "kind") or _get(item, "type"), _get(item, "content")
        if kind == "punctuation":
            if words:
                words[-1] += content
                if content in ".?!":
                    close()
            continue
        w_start, w_end = float(_get(item, "start")), float(_get(item, "end"))
        if words:
            too_long = len(" ".join(words + [content])) > LINE_CHARS * MAX_LINES
            if too_long or w_end - start > MAX_CUE_S or w_start - end >= PAUSE_S:
                close()
        if not words:
            start = w_start
        words.append(content)
        end = w_end
    close()
    return out


def _clock(seconds: float, sep: str) -> str:
    ms = int(round(max(0.0, seconds) * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def srt(cue_list: list[Cue], start_index: int = 0) -> str:
    blocks = [f"{i}\n{_clock(c.start, ',')} --> {_clock(c.end, ',')}\n" + "\n".join(c.lines())
              for i, c in enumerate(cue_list, start=start_index)]
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def vtt(cue_list: list[Cue], start_index: int = 0) -> str:
    blocks = [f"{i}\n{_clock(c.start, '.')} --> {_clock(c.end, '.')}\n" + "\n".join(c.lines())
              for i, c in enumerate(cue_list, start=start_index)]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + ("\n" if blocks else "")


def parse(text: str) -> list[Cue]:
    """Cues back from SRT or WebVTT text (what a player would show)."""
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [ln for ln in block.strip().split("\n") if ln.strip()]
        arrow = next((i for i, ln in enumerate(lines) if "-->" in ln), None)
        if arrow is None:
            continue
        a, b = [p.strip().split(" ")[0] for p in lines[arrow].split("-->")]
        out.append(Cue(_seconds(a), _seconds(b), " ".join(lines[arrow + 1:])))
    return out


def _seconds(clock: str) -> float:
    h, m, s = clock.replace(",", ".").split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)
