"""Transcribe media: locating it in S3, decoding it, and the checks AWS makes before transcribing."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

import numpy as np

from awsml_study.sim import jobs, s3io
from awsml_study.sim.errors import AwsError

MEDIA_FORMATS = ("mp3", "mp4", "wav", "flac", "ogg", "amr", "webm", "m4a")
DECODABLE = ("mp3", "wav", "flac", "ogg")     # what libsndfile reads; the rest AWS reads, the kit cannot
MAX_BYTES = 2 * 1024 ** 3                     # 2 GB
MAX_SECONDS = 14_400                          # 4 hours
MIN_SECONDS = 0.5
MAX_CHANNELS = 2
_HTTPS = re.compile(r"^https://s3[.-](?:([a-z0-9-]+)\.)?amazonaws\.com/([^/]+)/(.+)$")
_VIRTUAL = re.compile(r"^https://([^/]+)\.s3[.-](?:[a-z0-9-]+\.)?amazonaws\.com/(.+)$")


@dataclass
class Media:
    channels: np.ndarray          # float32, shape (frames, channels)
    rate: int
    fmt: str

    @property
    def duration(self) -> float:
        return self.channels.shape[0] / float(self.rate) if self.rate else 0.0

    def mono(self) -> np.ndarray:
        return self.channels.mean(axis=1).astype(np.float32)


def locate(uri: str) -> tuple[str, str]:
    """(bucket, key) of a MediaFileUri: s3://bucket/key or an https S3 object URL."""
    from urllib.parse import unquote
    m = re.match(r"^s3://([^/]+)/(.+)$", uri or "")
    if m:
        return m.group(1), m.group(2)
    m = _HTTPS.match(uri or "")
    if m:
        return m.group(2), unquote(m.group(3))
    m = _VIRTUAL.match(uri or "")
    if m:
        return m.group(1), unquote(m.group(2))
    raise AwsError("BadRequestException",
                   f"The URI that you provided doesn't point to an S3 object. Use s3://bucket/key "
                   f"or an https S3 object URL, and try your request again. ({uri})")


def check_readable(uri: str) -> tuple[str, str]:
    """At Start: the media object must exist and be readable, else BadRequestException."""
    from botocore.exceptions import ClientError, ParamValidationError
    bucket, key = locate(uri)
    try:
        s3io.s3().head_object(Bucket=bucket, Key=key)
    except (ClientError, ParamValidationError):  # no such object, or no valid S3 bucket name
        raise AwsError("BadRequestException",
                       "The S3 URI that you provided can't be accessed. Make sure that you have read "
                       f"permission and try your request again. ({uri})") from None
    return bucket, key


def check_bucket(bucket: str) -> None:
    """At Start: the output bucket must exist."""
    from botocore.exceptions import ClientError, ParamValidationError
    try:
        s3io.s3().head_bucket(Bucket=bucket)
    except (ClientError, ParamValidationError):
        raise AwsError("BadRequestException",
                       f"The specified S3 bucket '{bucket}' does not exist or Amazon Transcribe does "
                       f"not have permission to write to it. Check the bucket name and permissions "
                       f"and try your request again.") from None


def detect_format(data: bytes) -> str | None:
    """The media format of `data` in Transcribe's names (wav, flac, ogg, mp3, mp4, webm, amr)."""
    from awsml_study.engines.speech import audio
    kind = audio.sniff(data)
    if kind == "mp4" and data[8:11] == b"M4A":
        return "m4a"
    return kind


def load(uri: str, media_format: str | None, sample_rate: int | None) -> Media:
    """Read and decode the job's media, failing the job with AWS's FailureReason where AWS would."""
    bucket, key = locate(uri)
    try:
        size = s3io.s3().head_object(Bucket=bucket, Key=key)["ContentLength"]
    except Exception:
        raise jobs.JobFailure("The S3 URI that you provided can't be accessed. Make sure that you "
                              "have read permission and try your request again.") from None
    if size > MAX_BYTES:
        raise jobs.JobFailure("Invalid file size: file size too large. Maximum file size is 2 GB. "
                              "Check the size of the file and try your request again.")
    try:
        data = s3io.read(bucket, key)
    except s3io.S3ReadError as err:
        raise jobs.JobFailure(str(err)) from None
    fmt = detect_format(data)
    if fmt is None:
        raise jobs.JobFailure("Unsupported media format. The media file is not audio in a format "
                              "Amazon Transcribe recognises (mp3, mp4, wav, flac, ogg, amr, webm, m4a), "
                              "or it is empty or corrupt.")
    if media_format and media_format != fmt and not (media_format == "mp4" and fmt == "m4a"):
        raise jobs.JobFailure("The media format provided does not match the detected media format. "
                              f"MediaFormat is {media_format}, but the file is {fmt}. Check the media "
                              "format of your media file and correct the specified value.")
    if fmt not in DECODABLE:
        raise jobs.JobFailure(f"awsml-study cannot decode {fmt} media locally (it reads "
                              f"{', '.join(DECODABLE)}); the real Amazon Transcribe accepts {fmt}. "
                              "Convert the file to wav or flac, or use AWSML_STUDY_MODE=aws.")
    media = decode(data, fmt)
    if media.channels.shape[1] > MAX_CHANNELS:
        raise jobs.JobFailure("Invalid number of channels: number of channels too large. Amazon "
                              f"Transcribe processes media with 1 or 2 channels; this file has "
                              f"{media.channels.shape[1]}.")
    if sample_rate and int(sample_rate) != media.rate:
        raise jobs.JobFailure("The sample rate provided does not match the detected sample rate. "
                              f"MediaSampleRateHertz is {sample_rate}, the file is {media.rate} Hz. "
                              "Check the sample rate of your media file and correct the specified value.")
    if media.duration > MAX_SECONDS:
        raise jobs.JobFailure("Invalid file size: file size too large. Maximum audio duration is "
                              "4.000000 hours.Check the length of the file and try your request again.")
    if media.duration < MIN_SECONDS:
        raise jobs.JobFailure(f"Invalid audio duration: the media is {media.duration * 1000:.0f} ms "
                              "long; Amazon Transcribe needs at least 500 ms of audio.")
    return media


def decode(data: bytes, fmt: str) -> Media:
    import soundfile as sf
    try:
        x, rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
    except Exception as exc:
        detail = str(exc).rsplit(">: ", 1)[-1]          # libsndfile's reason, without the object repr
        raise jobs.JobFailure(f"The media file could not be decoded as {fmt}: {detail} Check that the "
                              "file is complete and not corrupt.") from None
    if x.shape[0] == 0:
        raise jobs.JobFailure("Invalid audio duration: the media file holds no audio samples; Amazon "
                              "Transcribe needs at least 500 ms of audio.")
    return Media(x, int(rate), fmt)


def two_channel_wav(turns: list[tuple[int, float, bytes]], rate: int = 16000, tail_s: float = 1.0) -> bytes:
    """A stereo WAV (a recorded call) from [(channel 0|1, start second, audio bytes)]: each clip
    is decoded, resampled to `rate` and placed on its channel at its start time."""
    import soundfile as sf

    from awsml_study.engines.speech import audio
    placed = []
    for channel, start, data in turns:
        x, r = audio.decode(data)
        placed.append((channel, int(start * rate), audio.resample(x, r, rate)))
    n = max(a + len(x) for _, a, x in placed) + int(tail_s * rate)
    out = np.zeros((n, 2), np.float32)
    for channel, a, x in placed:
        out[a:a + len(x), channel] += x
    buf = io.BytesIO()
    sf.write(buf, np.clip(out, -1, 1), rate, format="WAV", subtype="PCM_16")
    return buf.getvalue()
