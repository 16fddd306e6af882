"""Polly SSML read into espeak-ng segments: the tags Polly accepts, their attributes checked as
Polly checks them (SsmlError becomes InvalidSsmlException), characters billed."""
from __future__ import annotations

import re
import xml.parsers.expat
from xml.sax.saxutils import escape
from awsml_study.engines.speech.ssml import (Lexeme, MAX_BREAK_MS, Prepared, SsmlError, _Builder, _chars_of)


# ----- SSML -----

SUPPORTED = {"speak", "break", "emphasis", "lang", "mark", "p", "phoneme", "prosody", "s", "say-as",
             "sub", "w", "amazon:auto-breaths", "amazon:breath", "amazon:domain", "amazon:effect"}
NOT_SUPPORTED = {"audio", "lexicon", "lookup", "voice", "desc", "metadata", "meta"}
BREAK_STRENGTH = {"none", "x-weak", "weak", "medium", "strong", "x-strong"}
EMPHASIS = {"strong", "moderate", "reduced", "none"}
RATE_WORDS = {"x-slow", "slow", "medium", "fast", "x-fast", "default"}
PITCH_WORDS = {"x-low", "low", "medium", "high", "x-high", "default"}
VOLUME_WORDS = {"silent", "x-soft", "soft", "medium", "loud", "x-loud", "default"}
SAY_AS = {"characters", "spell-out", "cardinal", "number", "ordinal", "digits", "fraction", "unit",
          "date", "time", "address", "expletive", "telephone", "interjection"}
CAPTURING = {"say-as", "sub", "phoneme"}


def _attr(attrs: dict, name: str, tag: str) -> str:
    if name not in attrs:
        raise SsmlError(f"Invalid SSML request: <{tag}> requires the attribute '{name}'")
    return attrs[name]


def _prosody_tag(attrs: dict) -> str:
    out = []
    rate = attrs.get("rate")
    if rate is not None:
        if rate not in RATE_WORDS and not re.fullmatch(r"\d+(\.\d+)?%", rate):
            raise SsmlError(f"Invalid SSML request: prosody rate '{rate}'")
        if rate.endswith("%") and not 20 <= float(rate[:-1]) <= 200:
            raise SsmlError(f"Invalid SSML request: prosody rate '{rate}' is outside 20%-200%")
        out.append(f'rate="{rate}"')
    pitch = attrs.get("pitch")
    if pitch is not None:
        if pitch not in PITCH_WORDS and not re.fullmatch(r"[+-]\d+(\.\d+)?%", pitch):
            raise SsmlError(f"Invalid SSML request: prosody pitch '{pitch}'")
        out.append(f'pitch="{pitch}"')
    volume = attrs.get("volume")
    if volume is not None:
        m = re.fullmatch(r"([+-]\d+(\.\d+)?)dB", volume)
        if volume in VOLUME_WORDS:
            out.append(f'volume="{volume}"')
        elif m:  # espeak-ng ignores dB: give it the same change as an amplitude percentage
            out.append(f'volume="{round(100 * 10 ** (float(m.group(1)) / 20))}%"')
        else:
            raise SsmlError(f"Invalid SSML request: prosody volume '{volume}'")
    return "<prosody " + " ".join(out) + ">"


def _break_tag(attrs: dict) -> str:
    if "time" in attrs:
        m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s)", attrs["time"].strip())
        if not m:
            raise SsmlError(f"Invalid SSML request: break time '{attrs['time']}'")
        ms = float(m.group(1)) * (1000 if m.group(2) == "s" else 1)
        if ms > MAX_BREAK_MS:
            raise SsmlError("Invalid SSML request: the maximum break time is 10 seconds")
        return f'<break time="{int(ms)}ms"/>'
    strength = attrs.get("strength", "medium")
    if strength not in BREAK_STRENGTH:
        raise SsmlError(f"Invalid SSML request: break strength '{strength}'")
    return f'<break strength="{strength}"/>'


class _SsmlReader:
    def __init__(self, ssml: str, english: bool, lexicons, language_of, say_as):
        self.say_as = say_as                        # (interpret-as, text, format) -> words or None
        self.src = ssml.encode("utf-8")
        self.b = _Builder(english, list(lexicons), self.src)
        self.language_of = language_of              # Polly xml:lang -> espeak language (or None)
        self.english = english
        self.stack: list[tuple[str, str]] = []       # (tag, kind of close)
        self.pending: list[tuple[str, int, int]] = []
        self.capture: dict | None = None
        self.lang_stack: list[str | None] = [None]
        self.whisper_stack: list[bool] = [False]
        self.billed = 0
        self.root_seen = False

    # expat's index of the current event, and the end of the tag that starts there
    def _tag_end(self, at: int) -> int:
        end = self.src.find(b">", at)
        return len(self.src) if end < 0 else end + 1

    def flush(self) -> None:
        self.b.run(self.pending)
        self.pending = []

    def on_data(self, data: str) -> None:
        at = self.p.CurrentByteIndex
        if not self.stack:
            if data.strip():
                raise SsmlError("Invalid SSML request: text outside <speak>")
            return
        self.billed += len(data)
        raw = data.encode("utf-8")
        if self.src[at:at + 1] == b"&":               # an entity or character reference
            end = self.src.find(b";", at) + 1 or at + 1
            chars = [(c, at, end) for c in data]
        elif self.src[at:at + len(raw)] == raw:
            chars = _chars_of(data, at)
        else:                                         # e.g. \r\n normalised by the parser
            chars = [(c, at, at + len(raw)) for c in data]
        if self.capture is not None:
            self.capture["chars"] += chars
        else:
            self.pending += chars

    def on_start(self, tag: str, attrs: dict) -> None:
        at = self.p.CurrentByteIndex
        if not self.stack:
            if tag != "speak" or self.root_seen:
                raise SsmlError("Invalid SSML request: the document must have one <speak> root element")
            self.root_seen = True
        if tag in NOT_SUPPORTED:
            raise SsmlError(f"Invalid SSML request: the <{tag}> tag is not supported by Amazon Polly")
        if tag not in SUPPORTED:
            raise SsmlError(f"Invalid SSML request: unknown tag <{tag}>")
        if self.capture is not None:
            raise SsmlError(f"Invalid SSML request: <{tag}> is not allowed inside <{self.capture['tag']}>")
        self.flush()
        b, close = self.b, "none"
        if tag == "speak":
            pass
        elif tag in CAPTURING:
            self.capture = {"tag": tag, "attrs": attrs, "start": at, "inner": self._tag_end(at), "chars": []}
            if tag == "say-as":
                kind = _attr(attrs, "interpret-as", tag)
                if kind not in SAY_AS:
                    raise SsmlError(f"Invalid SSML request: say-as interpret-as '{kind}' is not supported")
            elif tag == "sub":
                _attr(attrs, "alias", tag)
            else:
                _attr(attrs, "ph", tag)
                if attrs.get("alphabet", "ipa") not in ("ipa", "x-sampa"):
                    raise SsmlError(f"Invalid SSML request: phoneme alphabet '{attrs.get('alphabet')}'")
            close = "capture"
        elif tag == "break":
            b.seg.markup(_break_tag(attrs))
        elif tag == "amazon:breath":
            b.seg.markup('<break time="300ms"/>')
            b.note("amazon:breath: espeak-ng has no breath sounds; a 300 ms pause stands in")
        elif tag == "mark":
            name = _attr(attrs, "name", tag)
            b.seg.marks.append((name, at, self._tag_end(at)))
            b.seg.markup(f'<mark name="{escape(name, {chr(34): "&quot;"})}"/>')
        elif tag in ("p", "s"):
            b.open(f"<{tag}>", f"</{tag}>")
            close = "open"
        elif tag == "prosody":
            if "amazon:max-duration" in attrs:
                b.note("prosody amazon:max-duration is accepted but not applied locally")
            if not ({"rate", "pitch", "volume"} & set(attrs)) and "amazon:max-duration" not in attrs:
                raise SsmlError("Invalid SSML request: <prosody> needs rate, pitch or volume")
            if {"rate", "pitch", "volume"} & set(attrs):
                b.open(_prosody_tag(attrs), "</prosody>")
                close = "open"
        elif tag == "emphasis":
            level = attrs.get("level", "moderate")
            if level not in EMPHASIS:
                raise SsmlError(f"Invalid SSML request: emphasis level '{level}'")
            b.open(f'<emphasis level="{level}">', "</emphasis>")
            close = "open"
        elif tag == "lang":
            code = _attr(attrs, "xml:lang", tag)
            espeak_lang = self.language_of(code)
            if espeak_lang is None:
                raise SsmlError(f"Invalid SSML request: unsupported xml:lang '{code}'")
            self.lang_stack.append(espeak_lang)
            b.switch(espeak_lang, self.whisper_stack[-1])
            close = "lang"
        elif tag == "amazon:effect":
            name = attrs.get("name")
            if name == "whispered":
                self.whisper_stack.append(True)
                b.switch(self.lang_stack[-1], True)
                close = "whisper"
            elif name == "drc" or "phonation" in attrs or "vocal-tract-length" in attrs:
                b.note("amazon:effect drc/phonation/vocal-tract-length: accepted, no audible change locally")
            else:
                raise SsmlError(f"Invalid SSML request: amazon:effect attributes {sorted(attrs)}")
        elif tag in ("amazon:domain", "amazon:auto-breaths", "w"):
            b.note(f"<{tag}> is accepted; espeak-ng reads the text normally")
        self.stack.append((tag, close))

    def on_end(self, tag: str) -> None:
        _, close = self.stack.pop()
        if close == "capture":
            self.finish_capture()
            return
        self.flush()
        if close == "open":
            self.b.close()
        elif close == "lang":
            self.lang_stack.pop()
            self.b.switch(self.lang_stack[-1], self.whisper_stack[-1])
        elif close == "whisper":
            self.whisper_stack.pop()
            self.b.switch(self.lang_stack[-1], self.whisper_stack[-1])

    def finish_capture(self) -> None:
        cap, self.capture = self.capture, None
        chars, attrs, tag = cap["chars"], cap["attrs"], cap["tag"]
        text = "".join(c for c, _, _ in chars)
        span = (chars[0][1], chars[-1][2]) if chars else (cap["start"], cap["inner"])
        seg = self.b.seg
        if tag == "sub":
            seg.text(attrs["alias"], *span)
        elif tag == "phoneme":
            if not self.b.speak_phonemes(attrs["ph"], attrs.get("alphabet", "ipa"), span):
                seg.chars(chars)
        else:
            kind = attrs["interpret-as"]
            if kind in ("characters", "spell-out"):
                seg.markup('<say-as interpret-as="characters">')
                seg.chars(chars)
                seg.markup("</say-as>")
            elif kind == "expletive":
                seg.markup('<break time="%dms"/>' % max(300, 80 * len(text)))
                self.b.note("say-as expletive: Polly bleeps the word; the kit leaves a pause")
            else:
                spoken = self.say_as(kind, text, attrs.get("format")) if self.say_as else None
                if spoken is None:
                    self.b.note(f"say-as {kind}: the text was read as written")
                    seg.chars(chars)
                else:
                    seg.text(spoken, *span)

    def read(self) -> Prepared:
        self.p = xml.parsers.expat.ParserCreate()
        self.p.StartElementHandler = self.on_start
        self.p.EndElementHandler = self.on_end
        self.p.CharacterDataHandler = self.on_data
        self.p.buffer_text = False
        try:
            self.p.Parse(self.src, True)
        except xml.parsers.expat.ExpatError as err:
            raise SsmlError(f"Invalid SSML request: {xml.parsers.expat.errors.messages[err.code]} "
                            f"(line {err.lineno}, column {err.offset})") from None
        if not self.root_seen:
            raise SsmlError("Invalid SSML request: the document must have one <speak> root element")
        return self.b.finish(self.billed)


def prepare_ssml(ssml: str, english: bool = True, lexicons: list[list[Lexeme]] = (),
                 language_of=lambda code: None, say_as=None) -> Prepared:
    """Validate Polly SSML and turn it into espeak-ng segments; raises SsmlError.

    language_of maps an xml:lang code to an espeak-ng language (None: unsupported); say_as expands
    say-as text into words (None: read as written).
    """
    return _SsmlReader(ssml, english, lexicons, language_of, say_as).read()


def billed_characters(ssml: str) -> int:
    """Characters Polly bills for SSML: the text, not the tags."""
    return prepare_ssml(ssml).billed_characters
