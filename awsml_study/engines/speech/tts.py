"""Speech synthesis with espeak-ng (library and voice data from the espeakng-loader wheel), bound with ctypes.

    from awsml_study.engines.speech import tts
    s = tts.synthesize("Hello world.", voice="en-us+f3", rate_wpm=175, pitch=50)
    s.samples          # int16 mono numpy array at s.sample_rate (22050 Hz)
    s.words            # [(start_ms, char_offset, char_length), ...] into the text given (0-based)
    s.sentences        # the same for sentences
    s.marks            # [(ms, name), ...] for SSML <mark/> (ssml=True)
    s.phonemes         # [(ms, ipa), ...] ('' is a pause)

The library is loaded once, lazily, and every synthesis holds a lock: espeak-ng keeps global state.
"""
from __future__ import annotations

import ctypes
import os
import re
import threading
from dataclasses import dataclass, field

import numpy as np

SAMPLE_RATE = 22050  # espeak-ng's native rate, reported by espeak_Initialize

# speak_lib.h constants
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INIT_PHONEME_EVENTS, _INIT_PHONEME_IPA, _INIT_DONT_EXIT = 0x0001, 0x0002, 0x8000
_CHARS_UTF8, _SSML, _PHONEMES = 0x01, 0x10, 0x100
_POS_CHARACTER = 1
_EV_END_OF_LIST, _EV_WORD, _EV_SENTENCE, _EV_MARK, _EV_PHONEME = 0, 1, 2, 3, 7
_RATE, _VOLUME, _PITCH, _RANGE = 1, 2, 3, 4
RATE_MIN, RATE_MAX = 80, 450
_ALIASES = {"en-gb": "en", "en-uk": "en"}  # espeak-ng names British English plain "en"


class TtsError(ValueError):
    """An unknown espeak-ng voice, or input espeak-ng refused."""


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint),
                ("text_position", ctypes.c_int), ("length", ctypes.c_int),
                ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", _EventId)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.POINTER(_Event))


@dataclass
class Synthesis:
    """What espeak-ng produced for one input: audio and the timed events of its text."""
    samples: np.ndarray                      # int16 mono
    sample_rate: int
    words: list[tuple[int, int, int]]        # (start_ms, char_offset, char_length)
    sentences: list[tuple[int, int, int]]    # (start_ms, char_offset, char_length)
    marks: list[tuple[int, str]] = field(default_factory=list)
    phonemes: list[tuple[int, str]] = field(default_factory=list)
    text: str = ""

    @property
    def duration_ms(self) -> int:
        return int(round(1000 * len(self.samples) / self.sample_rate))

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate

    def word_texts(self) -> list[str]:
        return [self.text[o:o + n] for _, o, n in self.words]

    def to_wav(self) -> bytes:
        from awsml_study.engines.speech import audio
        return audio.encode(self.samples, self.sample_rate, "wav")


class _Engine:
    """The loaded library plus the buffers its callback fills during one synthesis."""

    def __init__(self):
        import espeakng_loader
        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self.lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        self.lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self.lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        self.lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                          ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        self.lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int]
        self.lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        # espeak_Initialize wants the folder that CONTAINS espeak-ng-data.
        data_parent = os.path.dirname(espeakng_loader.get_data_path().rstrip("/\\"))
        options = _INIT_PHONEME_EVENTS | _INIT_PHONEME_IPA | _INIT_DONT_EXIT
        rate = self.lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 200, data_parent.encode(), options)
        if rate <= 0:
            raise TtsError(f"espeak-ng failed to initialise with data at {data_parent}")
        self.sample_rate = rate
        self._chunks: list[np.ndarray] = []
        self._events: list[tuple] = []
        self._callback = _CALLBACK(self._on_audio)  # keep a reference: C holds only the pointer
        self.lib.espeak_SetSynthCallback(self._callback)

    def _on_audio(self, wav, count, events) -> int:
        if wav and count > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        i = 0
        while events[i].type != _EV_END_OF_LIST:
            ev = events[i]
            if ev.type in (_EV_WORD, _EV_SENTENCE):
                self._events.append((ev.type, ev.audio_position, ev.text_position, ev.length, None))
            elif ev.type == _EV_MARK:
                name = ev.id.name.decode("utf-8", "replace") if ev.id.name else ""
                self._events.append((ev.type, ev.audio_position, ev.text_position, 0, name))
            elif ev.type == _EV_PHONEME:
                raw = bytes(ev.id.string).split(b"\0")[0].decode("utf-8", "replace")
                self._events.append((ev.type, ev.audio_position, ev.text_position, 0, raw))
            i += 1
        return 0

    def set_voice(self, voice: str) -> None:
        base, plus, variant = voice.partition("+")
        voice = _ALIASES.get(base.lower(), base) + plus + variant
        if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise TtsError(f"espeak-ng has no voice named {voice!r}")

    def run(self, text: str, flags: int) -> tuple[np.ndarray, list[tuple]]:
        self._chunks, self._events = [], []
        data = text.encode("utf-8")
        err = self.lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, flags, None, None)
        if err != 0:
            raise TtsError(f"espeak-ng could not synthesise this input (error {err})")
        audio = np.concatenate(self._chunks) if self._chunks else np.zeros(0, dtype=np.int16)
        return audio.astype(np.int16, copy=False), self._events

    def to_ipa(self, text: str) -> str:
        buf = ctypes.c_char_p(text.encode("utf-8"))
        out = []
        while buf.value:
            piece = self.lib.espeak_TextToPhonemes(ctypes.byref(buf), _CHARS_UTF8, 0x02)
            if piece:
                out.append(piece.decode("utf-8", "replace"))
        return " ".join(p.strip() for p in out if p.strip())


_lock = threading.Lock()
_engine: _Engine | None = None


def _get() -> _Engine:
    global _engine
    if _engine is None:
        _engine = _Engine()
    return _engine


_TOKEN = re.compile(r"<[^>]*>|[^\s<>]+")
_LEADING = "\"'([{«“‘¿¡"
_TRAILING = ".,;:!?\"')]}»”’…"
_ENTITY_END = re.compile(r"&#?\w+;$")


def _tokens(text: str) -> list[tuple[int, int]]:
    """Spans of the words in `text` (markup skipped), without surrounding punctuation."""
    out = []
    for m in _TOKEN.finditer(text):
        if m.group(0).startswith("<"):
            continue
        a, b = m.span()
        while a < b - 1 and text[a] in _LEADING:
            a += 1
        while b > a + 1 and text[b - 1] in _TRAILING and not _ENTITY_END.search(text, a, b):
            b -= 1
        out.append((a, b))
    return out


def _align_words(text: str, events: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(ms, offset, length) per word: espeak's word events placed on the text's own words.

    espeak-ng sometimes splits a word ("€5" gives two events) or reports a position inside the
    previous word (after some accented letters); each word keeps its first event, and an event that
    lands on an already timed word moves to the next word when that word has no event of its own.
    """
    import bisect
    tokens = _tokens(text)
    starts = [a for a, _ in tokens]
    times: dict[int, int] = {}
    owner = []
    for ms, pos in events:
        owner.append((ms, max(bisect.bisect_right(starts, pos) - 1, 0)))
    for k, (ms, i) in enumerate(owner):
        if i in times:
            nxt = owner[k + 1][1] if k + 1 < len(owner) else len(tokens)
            if i + 1 < len(tokens) and i + 1 not in times and nxt > i + 1:
                i += 1
            else:
                continue
        times[i] = ms
    return [(times[i], a, b - a) for i, (a, b) in enumerate(tokens) if i in times]


def _timeline(text: str, events: list[tuple]):
    """Turn raw espeak events into 0-based word/sentence spans, marks and phonemes."""
    words_raw = [(ms, pos - 1) for kind, ms, pos, _, _ in events if kind == _EV_WORD and pos > 0]
    sent_raw = [(ms, pos - 1) for kind, ms, pos, _, _ in events if kind == _EV_SENTENCE and pos > 0]
    marks = [(ms, name) for kind, ms, _, _, name in events if kind == _EV_MARK]
    phonemes = [(ms, ph) for kind, ms, _, _, ph in events if kind == _EV_PHONEME]
    words = _align_words(text, words_raw) if words_raw else []
    sentences = []
    for i, (ms, off) in enumerate(sent_raw):
        nxt = sent_raw[i + 1][1] if i + 1 < len(sent_raw) else len(text)
        inside = [w for w in words if off <= w[1] < max(nxt, off + 1)]
        end = inside[-1][1] + inside[-1][2] if inside else off
        tail = re.match(r"[.!?…]*", text[end:nxt]).end()  # keep the sentence's final punctuation
        sentences.append((ms, off, end + tail - off))
    return words, sentences, marks, phonemes


def synthesize(text: str, voice: str = "en-us", rate_wpm: int = 175, pitch: int = 50, *,
               volume: int = 100, pitch_range: int = 50, ssml: bool = False,
               phoneme_input: bool = False) -> Synthesis:
    """Speak `text` with an espeak-ng voice ("en-us", "en-us+f3", "fr", "de+m3", ...).

    rate_wpm 80-450 words per minute; pitch and pitch_range 0-100 (50 normal); volume 0-200.
    ssml=True lets espeak-ng read SSML markup (speak, prosody, break, mark, say-as, emphasis, s, p);
    phoneme_input=True reads [[...]] as espeak phoneme mnemonics.
    """
    flags = _CHARS_UTF8 | (_SSML if ssml else 0) | (_PHONEMES if phoneme_input else 0)
    with _lock:
        eng = _get()
        eng.set_voice(voice)
        eng.lib.espeak_SetParameter(_RATE, int(min(max(rate_wpm, RATE_MIN), RATE_MAX)), 0)
        eng.lib.espeak_SetParameter(_PITCH, int(min(max(pitch, 0), 100)), 0)
        eng.lib.espeak_SetParameter(_RANGE, int(min(max(pitch_range, 0), 100)), 0)
        eng.lib.espeak_SetParameter(_VOLUME, int(min(max(volume, 0), 200)), 0)
        samples, events = eng.run(text, flags)
        rate = eng.sample_rate
    words, sentences, marks, phonemes = _timeline(text, events)
    return Synthesis(samples, rate, words, sentences, marks, phonemes, text)


def to_ipa(text: str, voice: str = "en-us") -> str:
    """espeak-ng's IPA transcription of plain text in a voice's language."""
    with _lock:
        eng = _get()
        eng.set_voice(voice)
        return eng.to_ipa(text)


def has_voice(voice: str) -> bool:
    with _lock:
        try:
            _get().set_voice(voice)
            return True
        except TtsError:
            return False



# ----- phonemes: IPA / X-SAMPA to espeak-ng's English phoneme mnemonics, and Polly visemes -----

_XSAMPA = [("r\\", "ɹ"), ("tS", "tʃ"), ("dZ", "dʒ"), ("@`", "ɚ"), ("3`", "ɝ"), ("S", "ʃ"), ("Z", "ʒ"),
           ("T", "θ"), ("D", "ð"), ("N", "ŋ"), ("I", "ɪ"), ("E", "ɛ"), ("{", "æ"), ("A", "ɑ"),
           ("Q", "ɒ"), ("O", "ɔ"), ("U", "ʊ"), ("V", "ʌ"), ("@", "ə"), ("3", "ɜ"), ("4", "ɾ"),
           ("?", "ʔ"), ("g", "ɡ"), ("r", "ɹ"), (":", "ː"), ('"', "ˈ"), ("%", "ˌ")]
_IPA_TO_ESPEAK = {
    "tʃ": "tS", "dʒ": "dZ", "θ": "T", "ð": "D", "ʃ": "S", "ʒ": "Z", "ŋ": "N", "ɹ": "r", "r": "r",
    "ɾ": "t#", "ʔ": "?", "ɡ": "g", "g": "g", "p": "p", "b": "b", "t": "t", "d": "d", "k": "k",
    "f": "f", "v": "v", "s": "s", "z": "z", "h": "h", "m": "m", "n": "n", "l": "l", "j": "j",
    "w": "w", "n̩": "n-", "l̩": "l-",
    "iː": "i:", "i": "i", "ɪ": "I", "ᵻ": "I#", "eɪ": "eI", "e": "eI", "ɛ": "E", "æ": "a",
    "a": "a", "aɪ": "aI", "aʊ": "aU", "ɑː": "A:", "ɑ": "A:", "ɒ": "0", "ɔː": "O:", "ɔ": "O:",
    "ɔɪ": "OI", "oʊ": "oU", "əʊ": "oU", "o": "oU", "ʊ": "U", "uː": "u:", "u": "u:", "ʌ": "V",
    "ə": "@", "ɐ": "a#", "ɚ": "3", "ɝ": "3:", "ɜː": "3:", "ɜ": "3:", "ɪɹ": "i@3", "ɪə": "i@",
    "eə": "e@", "ɛɹ": "e@", "ʊə": "U@", "ʊɹ": "U@", "ɑːɹ": "A@", "ɔːɹ": "O@",
    "ˈ": "'", "ˌ": ",", " ": " ",
}
_IGNORED = {".", "‿", "ˑ", "\u0361", "\u035c"}


def ipa_to_espeak(ph: str, alphabet: str = "ipa") -> str | None:
    """espeak-ng English phoneme mnemonics for an IPA or X-SAMPA string, or None if a symbol has none."""
    if alphabet == "x-sampa":
        out = ""
        i = 0
        while i < len(ph):
            for xs, ipa in _XSAMPA:
                if ph.startswith(xs, i):
                    out, i = out + ipa, i + len(xs)
                    break
            else:
                out, i = out + ph[i], i + 1
        ph = out
    ph = ph.replace("ː", "ː").replace("'", "ˈ")
    keys = sorted(_IPA_TO_ESPEAK, key=len, reverse=True)
    out, i = [], 0
    while i < len(ph):
        if ph[i] in _IGNORED:
            i += 1
            continue
        for k in keys:
            if ph.startswith(k, i):
                out.append(_IPA_TO_ESPEAK[k])
                i += len(k)
                break
        else:
            if ph[i] == "ː" and out:
                out[-1] += ":"
                i += 1
                continue
            return None
    return "".join(out).strip() or None


# Polly's viseme set (p t S T f k i r s u @ a e E o O sil) from IPA phonemes; first symbol decides.
_VISEME_OF = {
    "p": "p", "b": "p", "m": "p", "t": "t", "d": "t", "n": "t", "l": "t", "ɾ": "t", "ʔ": "t",
    "ʃ": "S", "ʒ": "S", "tʃ": "S", "dʒ": "S", "θ": "T", "ð": "T", "f": "f", "v": "f",
    "k": "k", "ɡ": "k", "g": "k", "ŋ": "k", "h": "k", "x": "k", "i": "i", "ɪ": "i", "j": "i",
    "ᵻ": "i", "y": "i", "ɹ": "r", "r": "r", "ʁ": "r", "s": "s", "z": "s", "u": "u", "ʊ": "u",
    "w": "u", "ə": "@", "ʌ": "@", "ɐ": "@", "ɚ": "E", "ɜ": "E", "ɝ": "E", "a": "a", "æ": "a",
    "ɑ": "a", "e": "e", "ɛ": "e", "o": "o", "ɔ": "O", "ɒ": "O", "ø": "o", "œ": "e",
}


def viseme_of(ipa: str) -> str:
    """Polly's viseme for one espeak-ng IPA phoneme ('' or unknown symbols are 'sil')."""
    core = ipa.lstrip("ˈˌ")
    if not core:
        return "sil"
    for n in (2, 1):
        if core[:n] in _VISEME_OF:
            return _VISEME_OF[core[:n]]
    return "sil"
