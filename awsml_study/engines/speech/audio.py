"""Audio encoding and decoding: WAV, FLAC, OGG (Vorbis, Opus), MP3 via libsndfile; PCM, mu-law, a-law via numpy.

Shared by Polly (encodes what espeak-ng synthesises) and Transcribe (decodes what the learner uploads):

    samples, rate = decode(data)                  # float32 mono in [-1, 1], sample rate in Hz
    data = encode(samples, rate, "mp3")           # bytes; encode(..., out_rate=16000) resamples first

ogg_opus goes through opus.py (libopus at a low complexity, several times faster than libsndfile's
complexity 10) when the system libopus is installed (Debian's libopus0, which chromium pulls in).

Headerless formats (pcm = signed 16-bit little-endian, mulaw, alaw) cannot be recognised from their
bytes: pass `fmt=` (and `rate=`) to decode() for them.
"""
from __future__ import annotations

import io

import numpy as np

# fmt -> (libsndfile format, subtype); names follow Polly's OutputFormat where they overlap.
CONTAINERS = {
    "wav": ("WAV", "PCM_16"),
    "flac": ("FLAC", "PCM_16"),
    "ogg_vorbis": ("OGG", "VORBIS"),
    "ogg": ("OGG", "VORBIS"),
    "ogg_opus": ("OGG", "OPUS"),
    "mp3": ("MP3", "MPEG_LAYER_III"),
}
RAW = ("pcm", "mulaw", "alaw")
FORMATS = tuple(CONTAINERS) + RAW
OPUS_RATES = (8000, 12000, 16000, 24000, 48000)   # the only rates the Opus codec accepts
MP3_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)


class AudioError(ValueError):
    """Bytes that are not audio in a format the kit can read, or a format/rate it cannot write."""


# ----- conversions -----

def to_float(samples) -> np.ndarray:
    """float32 mono in [-1, 1] from int16, int32, float or (frames, channels) arrays."""
    a = np.asarray(samples)
    if a.ndim == 2:
        a = a.mean(axis=1)
    if a.dtype == np.int16:
        return (a.astype(np.float32) / 32768.0)
    if a.dtype == np.int32:
        return (a.astype(np.float32) / 2147483648.0)
    if a.dtype == np.uint8:
        return (a.astype(np.float32) - 128.0) / 128.0
    return np.clip(a.astype(np.float32), -1.0, 1.0)


def to_int16(samples) -> np.ndarray:
    a = np.asarray(samples)
    if a.dtype == np.int16 and a.ndim == 1:
        return a
    return np.round(to_float(a) * 32767.0).astype(np.int16)


def resample(samples, from_rate: int, to_rate: int) -> np.ndarray:
    """Band-limited polyphase resampling (Kaiser-windowed sinc, as scipy's resample_poly), float32 out."""
    x = to_float(samples)
    if from_rate == to_rate or x.size == 0:
        return x
    from math import gcd
    g = gcd(int(from_rate), int(to_rate))
    up, down = int(to_rate) // g, int(from_rate) // g
    h = _lowpass(up, down)
    half = (len(h) - 1) // 2
    taps = -(-len(h) // up)
    bank = np.zeros(taps * up, dtype=np.float32)
    bank[:len(h)] = h
    bank = bank.reshape(taps, up).T[:, ::-1]         # bank[r] = h[r::up], reversed for windows
    n_out = -(-len(x) * up // down)
    padded = np.concatenate([np.zeros(taps, np.float32), x, np.zeros(taps + half // up + 2, np.float32)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, taps)
    out = np.empty(n_out, dtype=np.float32)
    # Outputs m, m+up, m+2up, ... share one filter phase and step `down` input samples apart.
    for m0 in range(min(up, n_out)):
        phase, base = (m0 * down + half) % up, (m0 * down + half) // up
        count = len(range(m0, n_out, up))
        out[m0::up] = windows[base + 1:base + 1 + down * count:down] @ bank[phase]
    return out


_FILTERS: dict[tuple[int, int], np.ndarray] = {}


def _lowpass(up: int, down: int) -> np.ndarray:
    if (up, down) not in _FILTERS:
        half = 10 * max(up, down)
        n = np.arange(-half, half + 1)
        cutoff = 1.0 / max(up, down)
        h = cutoff * np.sinc(cutoff * n) * np.kaiser(len(n), 5.0) * up
        _FILTERS[(up, down)] = h.astype(np.float32)
    return _FILTERS[(up, down)]


# ----- G.711 companding (ITU-T), vectorised -----

def mulaw_encode(samples) -> bytes:
    x = to_int16(samples).astype(np.int32) >> 2          # 14-bit domain, as G.711 specifies
    negative = x < 0
    mag = np.minimum(np.where(negative, -x, x), 8159) + 0x21
    segment = np.clip(np.floor(np.log2(mag)).astype(np.int32) - 5, 0, 7)
    value = np.where(mag > 0x1FFF, 0x7F, (segment << 4) | ((mag >> (segment + 1)) & 0x0F))
    byte = value ^ np.where(negative, 0x7F, 0xFF)
    return byte.astype(np.uint8).tobytes()


def mulaw_decode(data: bytes) -> np.ndarray:
    u = ~np.frombuffer(data, dtype=np.uint8).astype(np.int32) & 0xFF
    sign = u & 0x80
    exponent = (u >> 4) & 0x07
    mantissa = u & 0x0F
    mag = (((mantissa << 3) + 0x84) << exponent) - 0x84
    return (np.where(sign, -mag, mag) / 32768.0).astype(np.float32)


def alaw_encode(samples) -> bytes:
    x = to_int16(samples).astype(np.int32) >> 3          # 13-bit magnitude domain
    sign = np.where(x >= 0, 0x80, 0x00)
    mag = np.where(x >= 0, x, -x - 1)
    mag = np.minimum(mag, 0x0FFF)
    exponent = np.where(mag >= 32, np.floor(np.log2(np.maximum(mag, 1))).astype(np.int32) - 4, 0)
    exponent = np.clip(exponent, 0, 7)
    mantissa = np.where(exponent == 0, mag >> 1, mag >> exponent) & 0x0F
    byte = (sign | (exponent << 4) | mantissa) ^ 0x55
    return byte.astype(np.uint8).tobytes()


def alaw_decode(data: bytes) -> np.ndarray:
    a = np.frombuffer(data, dtype=np.uint8).astype(np.int32) ^ 0x55
    sign = a & 0x80
    exponent = (a >> 4) & 0x07
    mantissa = a & 0x0F
    mag = np.where(exponent == 0, (mantissa << 4) + 8, ((mantissa << 4) + 0x108) << (exponent - 1))
    return (np.where(sign, mag, -mag) / 32768.0).astype(np.float32)


# ----- encode / decode -----

def encode(samples, rate: int, fmt: str, out_rate: int | None = None) -> bytes:
    """Encode mono samples (int16 or float) at `rate` Hz as `fmt`, resampled to `out_rate` if given."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise AudioError(f"Unknown audio format {fmt!r}; expected one of {', '.join(FORMATS)}")
    target = int(out_rate or rate)
    if fmt == "ogg_opus" and target not in OPUS_RATES:
        raise AudioError(f"Opus cannot encode at {target} Hz (allowed: {OPUS_RATES})")
    if fmt == "mp3" and target not in MP3_RATES:
        raise AudioError(f"MP3 cannot encode at {target} Hz (allowed: {MP3_RATES})")
    if fmt == "ogg_opus":
        from awsml_study.engines.speech import opus
        if opus.available():
            # the lowest Opus rate that keeps the source's bandwidth: less to resample and encode
            inner = min(r for r in OPUS_RATES if r >= min(int(rate), target))
            x = resample(samples, rate, inner) if inner != rate else to_float(samples)
            return opus.encode(x, inner, header_rate=target)
    x = resample(samples, rate, target) if target != rate else to_float(samples)
    if fmt == "pcm":
        return to_int16(x).astype("<i2").tobytes()
    if fmt == "mulaw":
        return mulaw_encode(x)
    if fmt == "alaw":
        return alaw_encode(x)
    import soundfile as sf
    container, subtype = CONTAINERS[fmt]
    if x.size == 0:
        x = np.zeros(1, dtype=np.float32)  # libsndfile writes no valid stream for zero frames
    buf = io.BytesIO()
    # Written in blocks: libsndfile's Vorbis encoder crashes on one very long write (minutes of audio).
    with sf.SoundFile(buf, "w", samplerate=target, channels=1, format=container, subtype=subtype) as out:
        for start in range(0, len(x), 1 << 15):
            out.write(x[start:start + (1 << 15)])
    return buf.getvalue()


def sniff(data: bytes) -> str | None:
    """The container of `data` from its magic bytes: wav, flac, ogg, mp3, or None."""
    head = data[:12]
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:3] == b"ID3" or (len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0):
        return "mp3"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head[:4] == b"\x1aE\xdf\xa3":
        return "webm"
    if head[:5] == b"#!AMR":
        return "amr"
    return None


def decode(data: bytes, fmt: str | None = None, rate: int | None = None) -> tuple[np.ndarray, int]:
    """(float32 mono samples, sample rate) of encoded audio bytes.

    Containers (WAV, FLAC, OGG Vorbis/Opus, MP3) are recognised from their bytes. Headerless audio
    needs `fmt` in ("pcm", "mulaw", "alaw") and `rate` (default 16000 for pcm, 8000 for G.711).
    """
    data = bytes(data or b"")
    fmt = (fmt or "").lower() or None
    if fmt in RAW:
        if fmt == "pcm":
            if len(data) % 2:
                raise AudioError("PCM audio must hold whole 16-bit samples (an even number of bytes)")
            return (np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0), int(rate or 16000)
        x = mulaw_decode(data) if fmt == "mulaw" else alaw_decode(data)
        return x, int(rate or 8000)
    kind = sniff(data)
    if kind in ("mp4", "webm", "amr"):
        raise AudioError(f"{kind} audio cannot be decoded locally (libsndfile reads WAV, FLAC, OGG, MP3)")
    if kind is None:
        raise AudioError("The data is not audio in a recognised format (WAV, FLAC, OGG, MP3)")
    import soundfile as sf
    try:
        x, sr = sf.read(io.BytesIO(data), dtype="float32", always_2d=False)
    except Exception as exc:  # libsndfile's own message says what is wrong with the stream
        raise AudioError(f"Could not decode {kind} audio: {exc}") from None
    return to_float(x), int(sr)


def duration_s(samples, rate: int) -> float:
    return len(samples) / float(rate) if rate else 0.0
