"""pocketsphinx, for what it still does best here: word times by forced alignment, and pronunciations.

    from awsml_study.engines.speech import align
    align.align(x, ["raised", "when", "source"])   # [(start_s, end_s)] per word, or None
    align.pronunciations("SageMaker")              # ['S EY JH M EY K ER']

Its wheel ships a US English acoustic model and CMUdict; words CMUdict lacks are pronounced by
espeak-ng's letter-to-sound rules (IPA mapped to ARPAbet). The aligner gets each chunk with quiet
padding and a faint deterministic noise floor, because digital silence (synthesised speech, gated
recordings) starves pocketsphinx's noise and cepstral-mean estimates.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache

import numpy as np

SAMPLE_RATE = 16000
FRAME_RATE = 100            # pocketsphinx frames per second
PAD_S = 0.3                 # quiet padding around each chunk: the model expects silence at the edges
NOISE_RMS = 32 / 32768      # comfort-noise floor, about -60 dBFS (54 dB under the peak)
DECODER_SETTINGS = {"maxhmmpf": 3000, "maxwpf": 10}  # cap active HMMs and words per frame: ~6x faster
PHONES = set("AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH "
             "UH UW V W Y Z ZH".split())


class AsrError(ValueError):
    """A vocabulary phrase the kit cannot pronounce, or audio it cannot use."""


_lock = threading.Lock()


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


def _with_floor(x: np.ndarray) -> bytes:
    pad = np.zeros(int(PAD_S * SAMPLE_RATE), dtype=np.float32)
    y = np.concatenate([pad, x, pad])
    y = y + np.random.default_rng(len(y)).normal(0.0, NOISE_RMS, y.size).astype(np.float32)
    return (np.clip(y, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()


def spoken_parts(word: str) -> list[str]:
    """Dictionary words an aligner can look for: lower case, split at hyphens, symbols dropped."""
    return [p for p in re.split(r"[-/]", re.sub(r"[^\w'/-]", "", word.lower())) if p.strip("'")]


@lru_cache(maxsize=4096)
def phones(part: str) -> str | None:
    """The first pronunciation of one word: CMUdict, else espeak-ng's rules; None if it has none."""
    with _lock:
        found = decoder().lookup_word(part)
    if found:
        return found
    try:
        from awsml_study.engines.speech import tts
        guessed = ipa_to_arpabet(tts.to_ipa(part, voice="en-us"))
    except Exception:  # espeak-ng missing or the text unpronounceable: the word is placed by its neighbours
        return None
    return guessed if guessed and set(guessed.split()) <= PHONES else None


def align(x: np.ndarray, tokens: list[str]) -> list[tuple[float, float]] | None:
    """(start, end) in seconds of each token, or None when the aligner could not place them all."""
    new = [(t, phones(t)) for t in dict.fromkeys(tokens)]
    with _lock:
        d = decoder()
        for t, ph in new:
            if d.lookup_word(t) is None:
                d.add_word(t, ph, False)
        try:
            d.set_align_text(" ".join(tokens))
            _fresh_utterance(d)
            d.process_raw(_with_floor(x), full_utt=True)
            d.end_utt()
            segs = [(s.start_frame / FRAME_RATE - PAD_S, (s.end_frame + 1) / FRAME_RATE - PAD_S)
                    for s in (d.seg() or []) if clean(s.word) is not None]
        except RuntimeError:
            segs = []
        finally:
            d.activate_search()
    return [(max(0.0, a), max(0.0, b)) for a, b in segs] if len(segs) == len(tokens) else None


def clean(word: str) -> str | None:
    """The dictionary word without its alternate-pronunciation mark; None for fillers and silence."""
    if word.startswith(("<", "[", "+")):
        return None
    return re.sub(r"\(\d+\)$", "", word)


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
