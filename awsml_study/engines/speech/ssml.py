"""Polly-style SSML and lexicons on top of espeak-ng, with every spoken character traced to its input bytes.

prepare_text() (here) and ssml_reader.prepare_ssml() validate the input and turn it into espeak-ng SSML segments (a new segment
where the voice must change: <lang>, whispering). render() synthesises the segments and returns the
audio with word/sentence/mark/phoneme times mapped back to UTF-8 byte offsets of the ORIGINAL input,
which is what Polly's speech marks report.

What espeak-ng honours: speak, p, s, break, prosody (rate, pitch, volume), emphasis, mark, sub,
say-as (characters, spell-out, digits, cardinal, number, ordinal, fraction, date, time, telephone,
expletive; English wording), phoneme (IPA and X-SAMPA converted to espeak phonemes, English voices
only), lang (switches the espeak-ng language), amazon:effect name="whispered" (espeak-ng's whisper
variant). Accepted without an audible effect: amazon:domain, amazon:auto-breaths, amazon:breath
(a short pause), amazon:effect drc / phonation / vocal-tract-length, w, prosody amazon:max-duration.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from awsml_study.engines.speech import tts

MAX_BREAK_MS = 10_000


class SsmlError(ValueError):
    """Input that is not valid SSML for Polly (becomes InvalidSsmlException)."""


@dataclass
class Lexeme:
    graphemes: list[str]
    alias: str | None = None
    phoneme: str | None = None
    alphabet: str = "ipa"


@dataclass
class Segment:
    language: str | None = None          # espeak language switched to by <lang>, None = the voice's
    whisper: bool = False
    parts: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)   # per output char: source byte start (-1 markup)
    ends: list[int] = field(default_factory=list)
    marks: list[tuple[str, int, int]] = field(default_factory=list)
    phoneme_input: bool = False

    def markup(self, s: str) -> None:
        self.parts.append(s)
        self.starts += [-1] * len(s)
        self.ends += [-1] * len(s)

    def text(self, s: str, start: int, end: int) -> None:
        """Generated text: every character stands for the source span [start, end)."""
        e = escape(s)
        self.parts.append(e)
        self.starts += [start] * len(e)
        self.ends += [end] * len(e)

    def chars(self, chars: list[tuple[str, int, int]]) -> None:
        for c, a, b in chars:
            self.text(c, a, b)

    @property
    def string(self) -> str:
        return "".join(self.parts)


@dataclass
class Prepared:
    segments: list[Segment]
    billed_characters: int
    notes: list[str]
    source: bytes


@dataclass
class Rendered:
    samples: object                                   # int16 numpy array
    sample_rate: int
    words: list[tuple[int, int, int]]                 # (ms, byte_start, byte_end)
    sentences: list[tuple[int, int, int]]
    marks: list[tuple[int, str, int, int]]            # (ms, name, byte_start, byte_end)
    phonemes: list[tuple[int, str]]                   # (ms, ipa); '' is a pause
    notes: list[str]


# ----- lexicons -----

class _Lexicon:
    def __init__(self, lexicons: list[list[Lexeme]]):
        self.by_grapheme: dict[str, Lexeme] = {}
        for lexemes in lexicons:                     # the first lexicon named wins, as in Polly
            for lx in lexemes:
                for g in lx.graphemes:
                    self.by_grapheme.setdefault(g, lx)
        words = sorted(self.by_grapheme, key=len, reverse=True)
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)") if words else None


def _emit_run(seg: Segment, chars: list[tuple[str, int, int]], lex: _Lexicon, state: "_Builder") -> None:
    """Plain text into a segment, applying lexicon aliases and phonemes."""
    if not chars:
        return
    if lex.pattern is None:
        seg.chars(chars)
        return
    text = "".join(c for c, _, _ in chars)
    pos = 0
    for m in lex.pattern.finditer(text):
        seg.chars(chars[pos:m.start()])
        lx = lex.by_grapheme[m.group(0)]
        span = (chars[m.start()][1], chars[m.end() - 1][2])
        if lx.phoneme is not None and state.speak_phonemes(lx.phoneme, lx.alphabet, span):
            pass
        elif lx.alias is not None:
            seg.text(lx.alias, *span)
        else:
            seg.chars(chars[m.start():m.end()])
        pos = m.end()
    seg.chars(chars[pos:])


# ----- the builder shared by plain text and SSML -----

class _Builder:
    def __init__(self, english: bool, lexicons: list[list[Lexeme]], source: bytes):
        self.english = english
        self.lex = _Lexicon(lexicons)
        self.source = source
        self.segments = [Segment()]
        self.open_tags: list[tuple[str, str]] = []      # espeak tags to re-open in a new segment
        self.notes: list[str] = []

    @property
    def seg(self) -> Segment:
        return self.segments[-1]

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def switch(self, language: str | None, whisper: bool) -> None:
        if (self.seg.language, self.seg.whisper) == (language, whisper):
            return
        for _, close in reversed(self.open_tags):
            self.seg.markup(close)
        new = Segment(language=language, whisper=whisper)
        self.segments.append(new)
        for open_, _ in self.open_tags:
            new.markup(open_)

    def open(self, open_: str, close: str) -> None:
        self.seg.markup(open_)
        self.open_tags.append((open_, close))

    def close(self) -> None:
        _, close = self.open_tags.pop()
        self.seg.markup(close)

    def speak_phonemes(self, ph: str, alphabet: str, span: tuple[int, int]) -> bool:
        if not self.english:
            self.note("phoneme: espeak-ng phonemes are converted for English voices only; the text was read instead")
            return False
        mnemonics = tts.ipa_to_espeak(ph, alphabet)
        if mnemonics is None:
            self.note(f"phoneme: '{ph}' has symbols the kit cannot map to espeak-ng; the text was read instead")
            return False
        self.seg.phoneme_input = True
        self.seg.markup(" [[")
        self.seg.text(mnemonics, *span)
        self.seg.markup("]] ")
        return True

    def run(self, chars: list[tuple[str, int, int]]) -> None:
        _emit_run(self.seg, chars, self.lex, self)

    def finish(self, billed: int) -> Prepared:
        # A segment with only closing tags (left after </lang> at the very end) says nothing.
        segs = [s for s in self.segments if any(a >= 0 for a in s.starts) or s.marks
                or "<break" in s.string] or [self.segments[0]]
        for s in segs:
            s.parts.insert(0, "<speak>")
            s.starts[:0] = [-1] * 7
            s.ends[:0] = [-1] * 7
            s.markup("</speak>")
        return Prepared(segs, billed, self.notes, self.source)


def _chars_of(text: str, byte_start: int) -> list[tuple[str, int, int]]:
    out, b = [], byte_start
    for c in text:
        n = len(c.encode("utf-8"))
        out.append((c, b, b + n))
        b += n
    return out


def prepare_text(text: str, english: bool = True, lexicons: list[list[Lexeme]] = ()) -> Prepared:
    """Plain text (TextType text): every character spoken as written, lexicons applied."""
    b = _Builder(english, list(lexicons), text.encode("utf-8"))
    b.run(_chars_of(text, 0))
    return b.finish(len(text))


# ----- synthesis -----

def _span(seg: Segment, off: int, n: int) -> tuple[int, int] | None:
    starts = [s for s in seg.starts[off:off + n] if s >= 0]
    ends = [e for e in seg.ends[off:off + n] if e >= 0]
    return (min(starts), max(ends)) if starts else None


def _ends_sentence(source: bytes, end: int) -> bool:
    return source[max(0, end - 1):end] in (b".", b"!", b"?") or source[max(0, end - 3):end] == "…".encode()


def _voice_for(voice: str, seg: Segment) -> str:
    base, _, variant = voice.partition("+")
    if seg.language:
        base = seg.language
    if seg.whisper:
        variant = "whisperf" if variant.startswith("f") or variant in ("Annie", "linda", "belinda") else "whisper"
    return base + ("+" + variant if variant else "")


def render(prepared: Prepared, voice: str, rate_wpm: int = 175, pitch: int = 50, volume: int = 100) -> Rendered:
    """Synthesise every segment with espeak-ng and map its events to source byte offsets."""
    import numpy as np
    audio, words, sentences, marks, phonemes = [], [], [], [], []
    elapsed = 0
    rate = tts.SAMPLE_RATE
    for seg in prepared.segments:
        s = tts.synthesize(seg.string, _voice_for(voice, seg), rate_wpm, pitch, volume=volume,
                           ssml=True, phoneme_input=seg.phoneme_input)
        rate = s.sample_rate
        offset_ms = int(round(1000 * elapsed / rate))
        for ms, off, n in s.words:
            span = _span(seg, off, n)
            if span and not (words and words[-1][1:] == span):   # one mark per source word
                words.append((ms + offset_ms, *span))
        for i, (ms, off, n) in enumerate(s.sentences):
            span = _span(seg, off, n)
            if not span:
                continue
            if i == 0 and sentences and not _ends_sentence(prepared.source, sentences[-1][2]):
                sentences[-1] = (sentences[-1][0], sentences[-1][1], span[1])  # <lang>/whisper split it
            else:
                sentences.append((ms + offset_ms, *span))
        pending = list(seg.marks)
        for ms, name in s.marks:
            i = next((k for k, m in enumerate(pending) if m[0] == name), None)
            if i is not None:
                _, a, b = pending.pop(i)
                marks.append((ms + offset_ms, name, a, b))
        phonemes += [(ms + offset_ms, ph) for ms, ph in s.phonemes]
        audio.append(s.samples)
        elapsed += len(s.samples)
    samples = np.concatenate(audio) if audio else np.zeros(0, dtype=np.int16)
    return Rendered(samples, rate, words, sentences, marks, phonemes, list(prepared.notes))
