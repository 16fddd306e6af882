"""Speech recognition with pocketsphinx: its wheel ships a US English acoustic model, CMUdict and a 3-gram LM.

    from awsml_study.engines.speech import asr
    words = asr.recognise(samples, rate)          # [Word(text, start, end, confidence)], times in seconds
    items = asr.punctuate(words)                  # sentences: capitals, commas, periods from the pauses

Audio is conditioned before decoding (see `condition`): resampled to 16 kHz mono, DC removed, peak
normalised, and a faint deterministic noise floor added, because digital silence (synthesised speech,
gated recordings) starves pocketsphinx's noise and cepstral-mean estimates. Pre-emphasis is done by
pocketsphinx itself (alpha 0.97). Long audio is cut at its quietest points into chunks of at most
`MAX_CHUNK_S` and decoded chunk by chunk. Confidence is the word's posterior probability in the
decoder's lattice. Only en-US exists: there is no acoustic model for any other language.

A custom vocabulary (`Vocabulary`) biases recognition: each entry is added to the pronunciation
dictionary (CMUdict or espeak-ng letter-to-sound rules) and, under its own token, to a copy of the
language model as a unigram with a boosted weight, so the decoder may choose it anywhere.
"""
from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

SAMPLE_RATE = 16000
FRAME_RATE = 100            # pocketsphinx frames per second
MAX_CHUNK_S = 30.0          # longest stretch decoded as one utterance
PAD_S = 0.3                 # quiet padding around each chunk: the model expects silence at the edges
PEAK = 0.5                  # normalised peak (-6 dBFS)
NOISE_RMS = 32 / 32768      # comfort-noise floor, about -60 dBFS (54 dB under the peak)
SENTENCE_PAUSE_S = 0.25     # a pause this long ends a sentence
COMMA_PAUSE_S = 0.15        # a shorter pause of at least this length gets a comma
VOCAB_WEIGHT = 300.0        # unigram weight of vocabulary words (x uniform probability: about 1 in 450)
DECODER_SETTINGS = {"maxhmmpf": 3000, "maxwpf": 10}  # cap active HMMs and words per frame: ~6x faster
ENGINE = "pocketsphinx 5 en-US (CMU Sphinx acoustic model, CMUdict, 3-gram LM)"
PHONES = set("AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH "
             "UH UW V W Y Z ZH".split())


@dataclass
class Word:
    text: str
    start: float            # seconds
    end: float
    confidence: float       # posterior probability, 0..1


@dataclass(frozen=True)
class VocabEntry:
    token: str              # the decoder's word for it (unique per entry)
    display: str            # what the transcript shows
    phones: str             # ARPAbet, space separated
    alternates: tuple[str, ...] = ()   # other pronunciations (CMUdict variants, letter-to-sound)


class AsrError(ValueError):
    """A vocabulary phrase the kit cannot pronounce, or audio it cannot use."""


# ----- the decoder, loaded once -----

_lock = threading.Lock()
_searches: dict[str, str] = {}      # vocabulary key -> search name


@lru_cache(maxsize=1)
def decoder():
    from pocketsphinx import Decoder
    d = Decoder(samprate=SAMPLE_RATE, loglevel="FATAL", **DECODER_SETTINGS)
    _initial_cmn[id(d)] = d.get_cmn()
    return d


_initial_cmn: dict[int, str] = {}


def _fresh_utterance(d) -> None:
    """Forget what earlier audio taught the front end (noise estimate, cepstral mean), so the same
    audio always gives the same words, whatever was decoded before."""
    d.start_stream()
    d.set_cmn(_initial_cmn[id(d)])
    d.start_utt()


def model_path() -> str:
    from pocketsphinx import get_model_path
    return get_model_path()


# ----- audio conditioning -----

def condition(samples, rate: int, raw: bool = False) -> np.ndarray:
    """float32 mono at 16 kHz, DC removed and peak at PEAK (unless raw)."""
    from awsml_study.engines.speech import audio
    x = audio.to_float(samples)
    x = audio.resample(x, int(rate), SAMPLE_RATE) if int(rate) != SAMPLE_RATE else x.astype(np.float32)
    if x.size and not raw:
        x = x - float(np.mean(x))
        peak = float(np.max(np.abs(x)))
        if peak > 1e-6:
            x = x * (PEAK / peak)
    return x.astype(np.float32)


def _with_floor(x: np.ndarray) -> bytes:
    pad = np.zeros(int(PAD_S * SAMPLE_RATE), dtype=np.float32)
    y = np.concatenate([pad, x, pad])
    y = y + np.random.default_rng(len(y)).normal(0.0, NOISE_RMS, y.size).astype(np.float32)
    return (np.clip(y, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()


def speech_regions(x: np.ndarray, floor_db: float = -45.0, bridge_s: float = 0.6,
                   margin_s: float = 0.2) -> list[tuple[int, int]]:
    """(start, end) sample ranges that hold sound: 10 ms frames within floor_db of the loudest frame,
    joined across gaps shorter than bridge_s. Long silences (one side of a stereo call) are skipped."""
    hop = SAMPLE_RATE // 100
    if x.size < hop:
        return []
    rms = np.sqrt((x[: x.size // hop * hop].reshape(-1, hop) ** 2).mean(axis=1))
    loud = rms > max(float(rms.max()) * 10 ** (floor_db / 20), 1e-5)
    regions: list[list[int]] = []
    for i in np.flatnonzero(loud):
        if regions and i - regions[-1][1] <= bridge_s * 100:
            regions[-1][1] = i
        else:
            regions.append([i, i])
    pad = int(margin_s * 100)
    return [(max(0, a - pad) * hop, min(x.size, (b + 1 + pad) * hop)) for a, b in regions]


def chunks(x: np.ndarray, max_s: float = MAX_CHUNK_S) -> list[tuple[int, int]]:
    """(start, end) ranges of sound, each at most max_s long, cut at the quietest 100 ms."""
    out = []
    for a, b in speech_regions(x):
        out += [(a + s, a + e) for s, e in _split_long(x[a:b], max_s)]
    return out


def _split_long(x: np.ndarray, max_s: float) -> list[tuple[int, int]]:
    n, limit = x.size, int(max_s * SAMPLE_RATE)
    hop = SAMPLE_RATE // 100
    out, start = [], 0
    while n - start > limit:
        lo, hi = start + limit // 2, start + limit
        frames = x[lo:hi][: (hi - lo) // hop * hop].reshape(-1, hop)
        energy = np.convolve((frames ** 2).mean(axis=1), np.ones(10) / 10, mode="same")
        cut = lo + int(np.argmin(energy)) * hop
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


# ----- recognition -----

def recognise(samples, rate: int, vocabulary: tuple[VocabEntry, ...] = (), raw: bool = False) -> list[Word]:
    """Words with times (s) and confidences, recognised from mono samples at `rate` Hz.

    raw=True skips the conditioning (only resamples): the benchmark's baseline.
    """
    x = condition(samples, rate, raw)
    words: list[Word] = []
    display = {e.token: e.display for e in vocabulary}
    with _lock:
        d = decoder()
        _activate(d, vocabulary)
        try:
            for a, b in chunks(x):
                offset = a / SAMPLE_RATE - (0.0 if raw else PAD_S)
                _fresh_utterance(d)
                pcm = (np.clip(x[a:b], -1, 1) * 32767).astype("<i2").tobytes() if raw else _with_floor(x[a:b])
                d.process_raw(pcm, full_utt=True)
                d.end_utt()
                for seg in d.seg():
                    text = _clean(seg.word)
                    if text is None:
                        continue
                    start = max(0.0, offset + seg.start_frame / FRAME_RATE)
                    end = max(start, offset + (seg.end_frame + 1) / FRAME_RATE)
                    conf = float(min(1.0, max(0.0, seg.prob)))    # the wrapper gives the linear posterior
                    words.append(Word(display.get(text, text), round(start, 3), round(end, 3),
                                      round(conf, 4)))
        finally:
            if vocabulary:
                d.activate_search()
    duration = x.size / SAMPLE_RATE
    for w in words:
        w.end = min(w.end, round(duration, 3))
    return words


def _clean(word: str) -> str | None:
    """The dictionary word without its alternate-pronunciation mark; None for fillers and silence."""
    if word.startswith(("<", "[", "+")):
        return None
    return re.sub(r"\(\d+\)$", "", word)


# ----- custom vocabularies -----

def _activate(d, vocabulary: tuple[VocabEntry, ...]) -> None:
    if not vocabulary:
        d.activate_search()
        return
    key = hashlib.sha1(repr(sorted((e.token, e.phones) for e in vocabulary)).encode()).hexdigest()[:16]
    name = _searches.get(key)
    if name is None:
        name = f"vocab_{key}"
        for e in vocabulary:
            if d.lookup_word(e.token) is None:
                d.add_word(e.token, e.phones, False)
                for k, alt in enumerate(e.alternates, start=2):   # word(2), word(3): same LM word
                    d.add_word(f"{e.token}({k})", alt, False)
        d.add_lm_file(name, d.config["lm"])   # a private copy (memory-mapped) of the base LM
        lm = d.get_lm(name)
        for e in vocabulary:
            lm.add_word(e.token, VOCAB_WEIGHT)
        d.add_lm(name, lm)                     # rebuild the search with the new words
        if len(_searches) >= 16:               # keep memory bounded: drop the oldest search
            old_key = next(iter(_searches))
            d.remove_search(_searches.pop(old_key))
        _searches[key] = name
    d.activate_search(name)


_IPA_TO_ARPABET = {
    "tʃ": "CH", "dʒ": "JH", "p": "P", "b": "B", "t": "T", "d": "D", "k": "K", "ɡ": "G", "g": "G",
    "f": "F", "v": "V", "θ": "TH", "ð": "DH", "s": "S", "z": "Z", "ʃ": "SH", "ʒ": "ZH", "h": "HH",
    "m": "M", "n": "N", "ŋ": "NG", "l": "L", "ɹ": "R", "r": "R", "j": "Y", "w": "W", "ɾ": "T",
    "ʔ": "T", "x": "K", "ç": "HH", "ɬ": "L", "n̩": "AH N", "l̩": "AH L",
    "iː": "IY", "i": "IY", "ɪ": "IH", "ᵻ": "IH", "eɪ": "EY", "e": "EY", "ɛ": "EH", "æ": "AE",
    "aɪ": "AY", "aʊ": "AW", "a": "AA", "ɑː": "AA", "ɑ": "AA", "ɒ": "AA", "ɔː": "AO", "ɔ": "AO",
    "ɔɪ": "OY", "oʊ": "OW", "əʊ": "OW", "o": "OW", "ʊ": "UH", "uː": "UW", "u": "UW", "ʌ": "AH",
    "ə": "AH", "ɐ": "AH", "ɚ": "ER", "ɝ": "ER", "ɜː": "ER", "ɜ": "ER", "y": "UW", "ø": "ER",
    "œ": "ER",
}
_IPA_KEYS = sorted(_IPA_TO_ARPABET, key=len, reverse=True)


def ipa_to_arpabet(ipa: str) -> str:
    """ARPAbet phones for an IPA string (stress marks, lengths and links are dropped)."""
    out, i = [], 0
    while i < len(ipa):
        for k in _IPA_KEYS:
            if ipa.startswith(k, i):
                out.append(_IPA_TO_ARPABET[k])
                i += len(k)
                break
        else:
            i += 1
    return " ".join(out)


def pronounce(word: str) -> str:
    """ARPAbet for one word: CMUdict first, else espeak-ng's letter-to-sound rules, via IPA."""
    return pronunciations(word)[0]


def pronunciations(word: str) -> list[str]:
    """Every ARPAbet pronunciation the kit knows for a word: CMUdict's (with its variants), then
    espeak-ng's letter-to-sound rules when they say it differently."""
    w = word.lower()
    if re.fullmatch(r"(?:[a-z]\.)+", w):           # an acronym spelled out: C.L.I.
        return [" ".join(pronounce(letter) for letter in w.split(".") if letter)]
    found = []
    with _lock:
        d = decoder()
        for k in range(1, 6):
            phones = d.lookup_word(w if k == 1 else f"{w}({k})")
            if phones is None:
                break
            found.append(phones)
    from awsml_study.engines.speech import tts
    guessed = ipa_to_arpabet(tts.to_ipa(w, voice="en-us"))
    if guessed and set(guessed.split()) <= PHONES and guessed not in found:
        found.append(guessed)
    if not found:
        raise AsrError(f"cannot derive a pronunciation for {word!r}")
    return found


def vocabulary_entry(phrase: str, display: str | None = None) -> VocabEntry:
    """A decoder entry for a Transcribe vocabulary phrase (words joined by hyphens: Los-Angeles)."""
    parts = [p for p in phrase.split("-") if p]
    if not parts:
        raise AsrError(f"empty phrase {phrase!r}")
    options = [pronunciations(p) for p in parts]
    phones = " ".join(o[0] for o in options)
    # alternates: each word's other pronunciations in turn (a phrase keeps its first elsewhere)
    alternates = []
    for i, opts in enumerate(options):
        for alt in opts[1:]:
            alternates.append(" ".join(alt if j == i else o[0] for j, o in enumerate(options)))
    shown = display or " ".join(p.replace(".", "") if re.fullmatch(r"(?:[A-Za-z]\.)+", p) else p
                                for p in parts)
    token = "vocab:" + phrase.lower()
    return VocabEntry(token, shown, phones, tuple(alternates[:8]))


# ----- punctuation -----

_QUESTION_START = {"what", "where", "when", "who", "whom", "whose", "why", "which", "how", "can",
                   "could", "would", "will", "shall", "should", "do", "does", "did", "is", "are",
                   "am", "was", "were", "have", "has", "may", "might"}


@dataclass
class Item:
    kind: str               # "pronunciation" or "punctuation"
    content: str
    start: float | None = None
    end: float | None = None
    confidence: float = 0.0


def punctuate(words: list[Word]) -> list[Item]:
    """Transcript items: sentences end at long pauses (a question mark after a question word), commas
    at shorter pauses, the first word of a sentence capitalised, and 'I' upper case."""
    items: list[Item] = []
    sentence_start = 0
    for i, w in enumerate(words):
        text = w.text
        if text == "i" or text.startswith("i'"):
            text = "I" + text[1:]
        if i == sentence_start and text:
            text = text[0].upper() + text[1:]
        items.append(Item("pronunciation", text, w.start, w.end, w.confidence))
        gap = words[i + 1].start - w.end if i + 1 < len(words) else None
        if gap is None or gap >= SENTENCE_PAUSE_S:
            first = words[sentence_start].text.lower()
            items.append(Item("punctuation", "?" if first in _QUESTION_START else "."))
            sentence_start = i + 1
        elif gap >= COMMA_PAUSE_S:
            items.append(Item("punctuation", ","))
    return items


def text_of(items: list[Item]) -> str:
    """The transcript string: words separated by spaces, punctuation attached to the word before."""
    out = ""
    for it in items:
        out += it.content if it.kind == "punctuation" or not out else " " + it.content
    return out


def words_only(text: str) -> list[str]:
    """Lower-case words of a text without punctuation: what word error rates compare."""
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())


def word_error_rate(reference: str, hypothesis: str) -> tuple[float, int, int]:
    """(WER, edits, reference words) by Levenshtein distance over words_only()."""
    ref, hyp = words_only(reference), words_only(hypothesis)
    row = list(range(len(hyp) + 1))
    for i in range(1, len(ref) + 1):
        prev, row[0] = row[:], i
        for j in range(1, len(hyp) + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ref[i - 1] != hyp[j - 1]))
    edits = row[-1]
    return (edits / len(ref) if ref else float(bool(hyp))), edits, len(ref)
