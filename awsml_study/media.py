"""Helpers notebooks use to make and measure media: pictures, audio, documents, transcripts.

They are the public face of the kit's engines for a learner (`from awsml_study import media`), so a
notebook never reaches into `awsml_study.engines` or `awsml_study.services`. Each loads its engine
lazily, when first called.
"""
from __future__ import annotations


def decode_image(data: bytes):
    """An RGB uint8 array (height, width, 3) of JPEG or PNG bytes."""
    from awsml_study.engines.vision import image
    return image.decode(data)


def encode_png(rgb) -> bytes:
    from awsml_study.engines.vision import image
    return image.encode_png(rgb)


def encode_jpeg(rgb, quality: int = 90) -> bytes:
    from awsml_study.engines.vision import image
    return image.encode_jpeg(rgb, quality)


def logo_picture(kind: str, rng, size: int = 160):
    """A picture of one of the kit's Custom Labels logos (red-circle, blue-triangle, green-square)."""
    from awsml_study.engines.vision import image_classifier
    return image_classifier.logo_picture(kind, rng, size)


def decode_audio(data: bytes, fmt: str | None = None, rate: int | None = None):
    """(float32 mono samples, sample rate) of encoded audio bytes (mp3, ogg, wav, pcm…)."""
    from awsml_study.engines.speech import audio
    return audio.decode(data, fmt, rate)


def two_channel_wav(turns, rate: int = 16000, tail_s: float = 1.0) -> bytes:
    """A stereo WAV (a recorded call) from [(channel 0|1, start second, audio bytes)]."""
    from awsml_study.services.transcribe import media
    return media.two_channel_wav(turns, rate, tail_s)


def word_error_rate(reference: str, hypothesis: str) -> tuple[float, int, int]:
    """(WER, edits, reference words): how far a transcript is from what was said."""
    from awsml_study.engines.speech import asr
    return asr.word_error_rate(reference, hypothesis)


def images_to_tiff(images) -> bytes:
    """Several page images (PIL) as one multi-page TIFF, as scanners write them."""
    from awsml_study.engines.documents import pdf
    return pdf.images_to_tiff(images)
