"""Ogg Opus encoding straight through libopus (ctypes), so the encoder's complexity can be chosen.

libsndfile (audio.encode's default path) always runs libopus at complexity 10, its slowest setting;
for speech at Polly's 48 kHz a lower complexity costs little quality and runs several times faster.
The system libopus (Debian's libopus0) is used when it is there; `available()` says whether it is,
and audio.encode falls back to libsndfile when it is not. The stream is RFC 7845 Ogg Opus: an
OpusHead page, an OpusTags page, then 20 ms packets, about one second of them to a page.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import struct
from functools import lru_cache

import numpy as np

COMPLEXITY = 3          # 0 (fastest) .. 10 (libsndfile's choice); 3 is about 3x faster than 10
FRAME_MS = 20           # Opus's usual frame: 960 samples at 48 kHz
BITRATE = 64000         # bits/s: about what libsndfile's encoder spends on the same speech
_APPLICATION_AUDIO = 2049
_SET_BITRATE, _SET_COMPLEXITY, _GET_LOOKAHEAD = 4002, 4010, 4027
_MAX_PACKET = 4000
_VENDOR = b"awsml-study libopus"


@lru_cache(maxsize=1)
def _lib():
    name = ctypes.util.find_library("opus")
    if not name:
        return None
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    lib.opus_encoder_create.restype = ctypes.c_void_p
    lib.opus_encoder_create.argtypes = [ctypes.c_int32, ctypes.c_int, ctypes.c_int,
                                        ctypes.POINTER(ctypes.c_int)]
    lib.opus_encode_float.restype = ctypes.c_int32
    lib.opus_encode_float.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int,
                                      ctypes.c_char_p, ctypes.c_int32]
    lib.opus_encoder_destroy.argtypes = [ctypes.c_void_p]
    return lib


def available() -> bool:
    return _lib() is not None


def _crc_table() -> list[int]:
    table = []
    for i in range(256):
        r = i << 24
        for _ in range(8):
            r = ((r << 1) ^ 0x04C11DB7) if r & 0x80000000 else (r << 1)
        table.append(r & 0xFFFFFFFF)
    return table


_CRC = _crc_table()


def _crc(data: bytes) -> int:
    """Ogg's CRC-32 (polynomial 0x04C11DB7, not reflected: zlib's crc32 is the other kind)."""
    crc = 0
    for byte in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _CRC[((crc >> 24) ^ byte) & 0xFF]
    return crc


def _page(packets: list[bytes], granule: int, serial: int, sequence: int, flags: int) -> bytes:
    lacing = bytearray()
    for p in packets:
        lacing += b"\xff" * (len(p) // 255) + bytes([len(p) % 255])
    head = struct.pack("<4sBBqIIIB", b"OggS", 0, flags, granule, serial, sequence, 0, len(lacing))
    page = head + bytes(lacing) + b"".join(packets)
    return page[:22] + struct.pack("<I", _crc(page)) + page[26:]


def encode(x: np.ndarray, rate: int, complexity: int = COMPLEXITY, header_rate: int | None = None) -> bytes:
    """Ogg Opus bytes of float32 mono samples at `rate` (8, 12, 16, 24 or 48 kHz).

    header_rate is the rate OpusHead records (players decode at it): speech synthesised at 22 kHz
    holds nothing above 11 kHz, so it is encoded at 24 kHz and still announced as Polly's 48 kHz.
    """
    lib = _lib()
    if lib is None:
        raise RuntimeError("libopus is not installed")
    err = ctypes.c_int()
    enc = lib.opus_encoder_create(rate, 1, _APPLICATION_AUDIO, ctypes.byref(err))
    if not enc or err.value:
        raise RuntimeError(f"opus_encoder_create failed ({err.value})")
    try:
        lib.opus_encoder_ctl(ctypes.c_void_p(enc), _SET_COMPLEXITY, ctypes.c_int(complexity))
        lib.opus_encoder_ctl(ctypes.c_void_p(enc), _SET_BITRATE, ctypes.c_int(BITRATE))
        lookahead = ctypes.c_int()
        lib.opus_encoder_ctl(ctypes.c_void_p(enc), _GET_LOOKAHEAD, ctypes.byref(lookahead))
        per_48k = 48000 // rate                     # granule positions count 48 kHz samples
        pre_skip = lookahead.value * per_48k
        frame = rate * FRAME_MS // 1000
        # pad: the encoder's look-ahead must be flushed, and the last frame filled
        total = len(x) + lookahead.value
        n_frames = -(-total // frame)
        pcm = np.zeros(n_frames * frame, np.float32)
        pcm[:len(x)] = x
        out = ctypes.create_string_buffer(_MAX_PACKET)
        packets = []
        for i in range(n_frames):
            chunk = pcm[i * frame:(i + 1) * frame]
            n = lib.opus_encode_float(enc, chunk.ctypes.data, frame, out, _MAX_PACKET)
            if n < 0:
                raise RuntimeError(f"opus_encode_float failed ({n})")
            packets.append(out.raw[:n])
    finally:
        lib.opus_encoder_destroy(enc)
    serial = 0x61775331                            # any fixed value: one logical stream
    head = struct.pack("<8sBBHIhB", b"OpusHead", 1, 1, pre_skip, header_rate or rate, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", len(_VENDOR)) + _VENDOR + struct.pack("<I", 0)
    pages = [_page([head], 0, serial, 0, 0x02), _page([tags], 0, serial, 1, 0)]
    end_granule = pre_skip + len(x) * per_48k      # the decoder trims the padding at the end
    groups, group, segments = [], [], 0
    for p in packets:                               # about a second a page, under 255 segments
        need = len(p) // 255 + 1
        if group and (len(group) == 1000 // FRAME_MS or segments + need > 255):
            groups.append(group)
            group, segments = [], 0
        group.append(p)
        segments += need
    groups.append(group)
    done = 0
    for k, group in enumerate(groups):
        done += len(group)
        last = k == len(groups) - 1
        granule = end_granule if last else done * frame * per_48k
        pages.append(_page(group, granule, serial, k + 2, 0x04 if last else 0))
    return b"".join(pages)
