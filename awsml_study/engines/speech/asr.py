"""Speech recognition: Moonshine writes the words, pocketsphinx places them in time.

    from awsml_study.engines.speech import asr
    words = asr.recognise(samples, rate)          # [Word(text, start, end, confidence, punct)], times in s
    items = asr.punctuate(words)                  # Transcribe items: the recogniser's punctuation

Moonshine base (engines/speech/moonshine.py) is a neural encoder-decoder trained on ~200 k hours of
English: it writes cased, punctuated text, and each word's confidence is the lowest probability the
decoder gave any of its tokens. It gives no times, so pocketsphinx (whose wheel ships a US English
acoustic model and CMUdict) force-aligns the written words to the audio; words CMUdict lacks get
espeak-ng's letter-to-sound pronunciation. Audio is conditioned first (see `condition`): resampled to
16 kHz mono, DC removed, peak normalised; the aligner also gets a faint deterministic noise floor,
because digital silence starves pocketsphinx's noise and cepstral-mean estimates. Long audio is cut at
its quietest points into chunks of at most `MAX_CHUNK_S`. Only en-US exists: the wheel ships only the
English model.

A custom vocabulary works twice, because an end-to-end model has no word list to add words to: while
decoding, the tokens that spell its words get a bonus (moonshine.Bias, shallow fusion), and after it,
runs of words the model was unsure of that sound like an entry (ARPAbet phones from CMUdict or
espeak-ng) become the entry's display form (vocabulary.apply). Lex passes the bot's own words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from awsml_study.engines.speech import align as aligner
from awsml_study.engines.speech import vocabulary as vocab
# the names callers use from here (Transcribe, Lex, the benchmarks)
from awsml_study.engines.speech.align import (PHONES, AsrError, decoder, ipa_to_arpabet,  # noqa: F401
                                              pronounce, pronunciations)
from awsml_study.engines.speech.vocabulary import VocabEntry  # noqa: F401

vocabulary_entry = vocab.entry
apply_vocabulary = vocab.apply

SAMPLE_RATE = 16000
MAX_CHUNK_S = 30.0          # longest stretch decoded as one utterance
PEAK = 0.5                  # normalised peak (-6 dBFS)
SENTENCE_PAUSE_S = 0.25     # a pause this long ends a sentence
COMMA_PAUSE_S = 0.15        # a shorter pause of at least this length gets a comma
UNMARKED_PAUSE_S = 0.3      # a pause this long ends a sentence even where the recogniser wrote no mark
ENGINE = ("Moonshine base en (ONNX weights in the moonshine-cpp wheel) for the words; "
          "pocketsphinx 5 en-US forced alignment for their times")


@dataclass
class Word:
    text: str
    start: float            # seconds
    end: float
    confidence: float       # the recogniser's probability for the word, 0..1
    punct: str | None = None   # the mark the recogniser wrote after it ('', '.', ',', '?', '!'); None: none given


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

    Moonshine writes the words (with capitals and punctuation), favouring the vocabulary's words while
    it decodes; pocketsphinx aligns them to the audio for their times; then vocabulary entries replace
    uncertain runs that sound like them. raw=True skips the conditioning (only resamples).
    """
    from awsml_study.engines.speech import moonshine
    x = condition(samples, rate, raw)
    words: list[Word] = []
    bias = _bias(tuple(sorted({w for e in vocabulary for w in e.display.split()}))) if vocabulary else None
    for a, b in chunks(x):
        written = moonshine.transcribe(x[a:b], bias)
        if written:
            words += _aligned(x[a:b], written, a / SAMPLE_RATE)
    if vocabulary:
        words = vocab.apply(words, vocabulary)
    duration = round(x.size / SAMPLE_RATE, 3)
    for w in words:
        w.end = min(w.end, duration)
        w.start = min(w.start, w.end)
    return words


@lru_cache(maxsize=32)
def _bias(words: tuple[str, ...]):
    from awsml_study.engines.speech import moonshine
    return moonshine.Bias(words)


_EDGE_PUNCT = "\"'“”‘’()[]{}«»"


def split_written(token: str) -> tuple[str, str]:
    """('input', ',') from 'input,': the word as said and the punctuation the model wrote after it."""
    core = token.strip(_EDGE_PUNCT)
    m = re.match(r"^(.*?)([.,?!;:…-]*)$", core)
    word, tail = (m.group(1), m.group(2)) if m else (core, "")
    mark = next((c for c in tail if c in ".?!"), "," if any(c in ",;:" for c in tail) else "")
    return word.strip(_EDGE_PUNCT), mark


def _aligned(x: np.ndarray, written: list[tuple[str, float]], offset: float) -> list[Word]:
    """Words of one chunk with times from pocketsphinx's forced alignment of the written text."""
    words, spans, tokens = [], [], []
    for token, p in written:
        said, mark = split_written(token)
        if not said:
            if mark and words:              # a lone mark belongs to the word before
                words[-1].punct = mark
            continue
        parts = [q for q in aligner.spoken_parts(said) if aligner.phones(q)]
        spans.append((len(tokens), len(tokens) + len(parts)))
        tokens += parts
        words.append(Word(said, 0.0, 0.0, p, mark))
    segments = aligner.align(x, tokens) if tokens else None
    if segments is None and any(re.search(r"\d", t) for t in tokens):
        # numbers are said in more ways than espeak-ng's one reading: align the other words only
        keep = [k for k, t in enumerate(tokens) if not re.search(r"\d", t)]
        found = aligner.align(x, [tokens[k] for k in keep]) if keep else None
        if found is not None:
            segments = [None] * len(tokens)
            for k, seg in zip(keep, found):
                segments[k] = seg
    if segments is None:                    # no alignment: spread the words over the chunk by length
        _spread(words, offset + 0.05, offset + x.size / SAMPLE_RATE - 0.05)
        return words
    for w, (i, j) in zip(words, spans):
        placed = [seg for seg in segments[i:j] if seg is not None]
        if placed:
            w.start, w.end = round(offset + placed[0][0], 3), round(offset + placed[-1][1], 3)
    _fill_gaps(words, offset, offset + x.size / SAMPLE_RATE)
    return words


def _spread(words: list[Word], start: float, end: float) -> None:
    total = sum(len(w.text) + 1 for w in words) or 1
    t = start
    for w in words:
        span = (end - start) * (len(w.text) + 1) / total
        w.start, w.end = round(t, 3), round(t + span * 0.9, 3)
        t += span


def _fill_gaps(words: list[Word], start: float, end: float) -> None:
    """Words the aligner could not say (symbols) sit between their neighbours."""
    for k, w in enumerate(words):
        if w.end <= 0.0 and w.start <= 0.0:
            before = words[k - 1].end if k else start
            after = next((v.start for v in words[k + 1:] if v.end > 0.0), end)
            w.start, w.end = round(before, 3), round(max(before, after), 3)


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
    """Transcript items: the punctuation the recogniser wrote where it wrote any (Word.punct, plus a
    period at an unmarked pause of UNMARKED_PAUSE_S), else sentences ending at long pauses (a question mark after a question word) and commas at shorter
    ones; the first word of a sentence capitalised, 'I' upper case, and a last sentence closed."""
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
        if w.punct is not None:
            # a long pause the model left unmarked still ends the sentence, as it does for a listener
            mark = w.punct or ("." if gap is None or gap >= UNMARKED_PAUSE_S else "")
        elif gap is None or gap >= SENTENCE_PAUSE_S:
            mark = "?" if words[sentence_start].text.lower() in _QUESTION_START else "."
        else:
            mark = "," if gap >= COMMA_PAUSE_S else ""
        if mark:
            items.append(Item("punctuation", mark))
        if mark in (".", "?", "!"):
            sentence_start = i + 1
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
