"""Video: reading a stored video (MP4, MOV, AVI) frame by frame with OpenCV, and making one.

Stored-video analysis samples frames at a fixed interval and runs the image engines on each; the
timestamps are the frames' own positions in the video (milliseconds from the start).
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

import numpy as np

SAMPLE_MS = 1000  # one analysed frame a second


class NotAVideo(Exception):
    """Bytes OpenCV cannot read as a video."""


def sniff(data: bytes) -> str | None:
    """'mp4' (MP4 or MOV, ISO base media), 'avi', or None, from the file's signature."""
    if data[4:8] == b"ftyp" or data[4:8] in (b"moov", b"mdat", b"wide", b"free"):
        return "mp4"
    if data[:4] == b"RIFF" and data[8:12] == b"AVI ":
        return "avi"
    return None


@dataclass
class Video:
    codec: str
    frame_rate: float
    width: int
    height: int
    frames: int
    format: str

    @property
    def duration_ms(self) -> int:
        return int(round(self.frames / self.frame_rate * 1000)) if self.frame_rate else 0

    def metadata(self) -> dict:
        """Rekognition's VideoMetadata."""
        return {"Codec": self.codec, "DurationMillis": self.duration_ms, "Format": self.format,
                "FrameRate": float(round(self.frame_rate, 3)), "FrameHeight": self.height,
                "FrameWidth": self.width, "ColorRange": "FULL"}


def sample_frames(data: bytes, every_ms: int = SAMPLE_MS) -> tuple[Video, list[tuple[int, np.ndarray]]]:
    """The video's description and its RGB frames at 0, every_ms, 2 x every_ms, ... milliseconds."""
    import cv2

    kind = sniff(data)
    if kind is None:
        raise NotAVideo("not an MP4, MOV or AVI file")
    fd, path = tempfile.mkstemp(suffix=".mp4" if kind == "mp4" else ".avi")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        capture = cv2.VideoCapture(path)
        if not capture.isOpened():
            raise NotAVideo("the video cannot be opened")
        fps = capture.get(cv2.CAP_PROP_FPS) or 0.0
        fourcc = int(capture.get(cv2.CAP_PROP_FOURCC)).to_bytes(4, "little").decode("ascii", "replace")
        info = Video(codec=fourcc.strip("\x00").lower() or "unknown", frame_rate=fps,
                     width=int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
                     height=int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)), frames=0,
                     format="QuickTime / MOV" if kind == "mp4" else "AVI")
        frames, index, next_ms = [], 0, 0.0
        while True:
            ok, bgr = capture.read()
            if not ok:
                break
            at = index / fps * 1000 if fps else 0.0
            if at + 1e-6 >= next_ms:
                frames.append((int(round(at)), np.ascontiguousarray(bgr[:, :, ::-1])))
                next_ms += every_ms
            index += 1
        capture.release()
        info.frames = index
        if index == 0:
            raise NotAVideo("the video has no readable frames")
        return info, frames
    finally:
        os.unlink(path)


def write_mp4(path: str, scenes: list[tuple[np.ndarray, float]], fps: float = 8.0) -> None:
    """An MP4 (MPEG-4 part 2) of RGB pictures, each shown for its number of seconds, with a slow pan."""
    import cv2

    height, width = scenes[0][0].shape[:2]
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
    if not writer.isOpened():
        raise RuntimeError("OpenCV cannot write MP4 here")
    for rgb, seconds in scenes:
        bgr = np.ascontiguousarray(cv2.resize(rgb, (width, height))[:, :, ::-1])
        count = int(round(seconds * fps))
        for i in range(count):
            shift = np.float32([[1, 0, 6.0 * i / max(1, count - 1) - 3.0], [0, 1, 0]])
            writer.write(cv2.warpAffine(bgr, shift, (width, height), borderMode=cv2.BORDER_REPLICATE))
    writer.release()
