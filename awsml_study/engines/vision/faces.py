"""Faces: detection, landmarks, pose, quality, smile, open eyes and a face descriptor with OpenCV.

Face boxes come from engines/vision/face_boxes.py (dlib's HOG detector; why it, there); the rest
uses the Haar cascades that ship inside opencv-python-headless 4.x (cv2.data).
What is measured and what is estimated:
- face boxes: dlib's HOG frontal-face detector, and OpenCV's cascade for drawn faces;
- eyes: the eye cascade inside the upper half of each face; where it finds no pair, the eye
  positions are estimated from the face box, and so are the nose and the mouth corners always;
- roll: the angle of the line through the eyes; yaw and pitch: estimated from where the eyes sit
  in the face box (a rough geometric guess, not a 3-D head-pose model);
- smile and open eyes: the smile and eye cascades; the confidence grows with the number of
  overlapping detections, so it says how sure the cascade is, not a calibrated probability;
- descriptor: the face crop, turned level by the eye line, equalised, then local binary pattern
  histograms on a grid and a histogram of oriented gradients, plus a coarse hue/saturation
  histogram of the head (hair and skin tones, which brightness changes leave alone); similarity
  is their cosine.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np

from awsml_study.engines.vision.face_boxes import _confidence, _crop, _overlap, find_eyes, run_cascade  # noqa: F401 - labels.py uses run_cascade, _confidence

DESCRIPTOR_SIDE = 64


@dataclass
class Face:
    box: tuple[float, float, float, float]     # left, top, width, height in pixels
    confidence: float                          # 0-100
    eyes: list[tuple[float, float]] = field(default_factory=list)   # measured eye centres
    landmarks: dict[str, tuple[float, float]] = field(default_factory=dict)
    eyes_measured: bool = False
    pose: dict[str, float] = field(default_factory=dict)
    quality: dict[str, float] = field(default_factory=dict)
    smile: tuple[bool, float] = (False, 50.0)
    eyes_open: tuple[bool, float] = (False, 50.0)

    @property
    def area(self) -> float:
        return self.box[2] * self.box[3]


def detect(rgb: np.ndarray, limit: int = 100, analyse: bool = True) -> list[Face]:
    """The faces in an RGB picture, largest first (at most `limit`)."""
    from awsml_study.engines.vision import face_boxes
    from awsml_study.engines.vision.image import grey

    g_full = grey(rgb)
    found = face_boxes.find(rgb, g_full)
    faces: list[Face] = []
    for box, conf in sorted(found, key=lambda f: -f[0][2] * f[0][3]):
        if any(_overlap(box, f.box) > 0.5 for f in faces):
            continue
        faces.append(Face(box=box, confidence=conf))
        if len(faces) >= limit:
            break
    if analyse:
        for face in faces:
            _analyse(face, rgb, g_full)
    return faces


def _analyse(face: Face, rgb: np.ndarray, g: np.ndarray) -> None:
    from awsml_study.engines.vision.image import brightness, sharpness

    x, y, w, h = face.box
    eyes = find_eyes(g, face.box)
    face.eyes_measured = bool(eyes)
    face.eyes = eyes
    if not eyes:  # the usual proportions of a frontal face box
        eyes = [(x + 0.31 * w, y + 0.38 * h), (x + 0.69 * w, y + 0.38 * h)]
    (lx, ly), (rx, ry) = eyes
    roll = math.degrees(math.atan2(ry - ly, rx - lx))
    mx, my = (lx + rx) / 2, (ly + ry) / 2
    dist = math.hypot(rx - lx, ry - ly)
    ux, uy = (rx - lx) / dist, (ry - ly) / dist          # along the eye line
    px, py = -uy, ux                                     # down the face
    at = lambda a, b: (mx + a * dist * ux + b * dist * px, my + a * dist * uy + b * dist * py)  # noqa: E731
    face.landmarks = {"eyeLeft": (lx, ly), "eyeRight": (rx, ry), "nose": at(0, 0.62),
                      "mouthLeft": at(-0.42, 1.05), "mouthRight": at(0.42, 1.05)}
    # yaw: eyes off the box centre mean the head is turned; pitch: eyes above/below 38% height
    yaw = math.degrees(math.asin(max(-1.0, min(1.0, (mx - (x + w / 2)) / (0.25 * w))))) * 0.5
    pitch = math.degrees(math.asin(max(-1.0, min(1.0, ((my - y) / h - 0.38) / 0.2)))) * 0.5
    face.pose = {"Roll": round(roll, 2), "Yaw": round(yaw, 2), "Pitch": round(pitch, 2)}
    crop, _, _ = _crop(rgb, face.box)
    face.quality = {"Brightness": round(brightness(crop), 3), "Sharpness": round(sharpness(crop), 3)}
    face.smile = _smile(g, face.box)
    n_eyes = len(face.eyes)
    face.eyes_open = (True, 60.0 + 19.0 * n_eyes) if n_eyes else (False, 55.0)


def _smile(g: np.ndarray, box) -> tuple[bool, float]:
    """(smiling, confidence): the smile cascade's raw window count in the lower face.

    Every window the cascade accepts is counted (no grouping): a clear smile in a photo gives
    hundreds, a closed mouth none. SMILE_WINDOWS is the cut; the confidence grows with the distance
    from it, so a count near the cut is reported near 50%.
    """
    x, y, w, h = box
    lower, _, _ = _crop(g, (x + 0.15 * w, y + 0.55 * h, 0.7 * w, 0.45 * h))
    if lower.size == 0:
        return False, 50.0
    _, counts = run_cascade("smile", lower, counts=True, scaleFactor=1.1, minNeighbors=0,
                            minSize=(max(10, int(w * 0.2)), max(5, int(w * 0.1))))
    raw = len(counts)
    confidence = 50.0 + 49.9 * (1.0 - math.exp(-abs(raw - SMILE_WINDOWS) / 40.0))
    return raw >= SMILE_WINDOWS, float(round(confidence, 3))


SMILE_WINDOWS = 3


# ----- descriptor and similarity -----

def _level_crop(pixels: np.ndarray, face: Face, side_ratio: float, centre_y: float,
                size: int) -> np.ndarray:
    """A square around the face, turned level by its eye line, resized to size x size."""
    import cv2
    x, y, w, h = face.box
    # The cascade's box fixes position and scale (the eye detector is less repeatable between
    # copies of a picture); a clearly tilted eye line turns the crop level.
    roll = face.pose.get("Roll", 0.0) if face.eyes_measured else 0.0
    angle = roll if abs(roll) > 5 else 0.0
    cx, cy, side = x + w / 2, y + centre_y * h, side_ratio * w
    rot = cv2.getRotationMatrix2D((cx, cy), angle, 1.0)
    rot[0, 2] += side / 2 - cx
    rot[1, 2] += side / 2 - cy
    crop = cv2.warpAffine(pixels, rot, (int(side), int(side)), flags=cv2.INTER_AREA,
                          borderMode=cv2.BORDER_REPLICATE)
    return cv2.resize(crop, (size, size), interpolation=cv2.INTER_AREA)


def aligned_crop(g: np.ndarray, face: Face) -> np.ndarray:
    """The inner face (less hair and background), level, equalised, DESCRIPTOR_SIDE square."""
    import cv2
    crop = _level_crop(g, face, 0.8, 0.5, DESCRIPTOR_SIDE)
    crop = cv2.GaussianBlur(crop, (3, 3), 0)
    return cv2.createCLAHE(clipLimit=2.0, tileGridSize=(4, 4)).apply(crop)


def _tones(rgb: np.ndarray, face: Face) -> np.ndarray:
    """Hue x saturation histogram (12 x 4) of the head, hair included: brightness-free tones."""
    import cv2
    head = _level_crop(rgb, face, 1.1, 0.45, 32)
    hsv = cv2.cvtColor(np.ascontiguousarray(head), cv2.COLOR_RGB2HSV)
    hist = cv2.calcHist([hsv], [0, 1], None, [12, 4], [0, 180, 0, 256]).reshape(-1)
    return np.sqrt(hist / max(1.0, float(hist.sum())))


def _lbp(img: np.ndarray) -> np.ndarray:
    """8-neighbour local binary pattern codes of the interior pixels."""
    c = img[1:-1, 1:-1].astype(np.int16)
    code = np.zeros_like(c, dtype=np.uint8)
    shifts = [(-1, -1), (-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1)]
    for bit, (dy, dx) in enumerate(shifts):
        nb = img[1 + dy: img.shape[0] - 1 + dy, 1 + dx: img.shape[1] - 1 + dx].astype(np.int16)
        code |= ((nb >= c).astype(np.uint8) << bit)
    return code


@functools.lru_cache(maxsize=1)
def _uniform_map() -> np.ndarray:
    """LBP codes with at most two 0/1 transitions keep their own bin; the rest share one."""
    table = np.zeros(256, np.uint8)
    nxt = 0
    for code in range(256):
        bits = [(code >> i) & 1 for i in range(8)]
        if sum(bits[i] != bits[(i + 1) % 8] for i in range(8)) <= 2:
            table[code] = nxt
            nxt += 1
        else:
            table[code] = 58
    return table


@functools.lru_cache(maxsize=1)
def _hog():
    import cv2
    return cv2.HOGDescriptor((DESCRIPTOR_SIDE, DESCRIPTOR_SIDE), (16, 16), (8, 8), (8, 8), 9)


TONE_WEIGHT = 0.7   # how much the head's tones count next to the texture (LBP) and shape (HOG)


def descriptor(rgb: np.ndarray, face: Face) -> np.ndarray:
    """A unit-length float32 vector describing the face in an RGB picture (LBP + HOG + tones)."""
    from awsml_study.engines.vision.image import grey

    crop = aligned_crop(grey(rgb), face)
    codes = _uniform_map()[_lbp(crop)]
    cells = []
    n = 4
    step = codes.shape[0] // n
    for i in range(n):
        for j in range(n):
            block = codes[i * step:(i + 1) * step, j * step:(j + 1) * step]
            hist = np.bincount(block.reshape(-1), minlength=59).astype(np.float32)
            cells.append(np.sqrt(hist / max(1.0, hist.sum())))
    lbp = np.concatenate(cells)
    hog = np.sqrt(np.maximum(_hog().compute(crop).reshape(-1), 0))
    tones = _tones(rgb, face)
    parts = [lbp / (np.linalg.norm(lbp) or 1.0), hog / (np.linalg.norm(hog) or 1.0),
             TONE_WEIGHT * tones / (np.linalg.norm(tones) or 1.0)]
    vec = np.concatenate(parts).astype(np.float32)
    vec -= vec.mean()
    return vec / (np.linalg.norm(vec) or 1.0)


# Cosine similarities of these descriptors: below LOW are different faces, above HIGH the same.
LOW, HIGH = 0.45, 0.85


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """0-100: the cosine of two descriptors stretched so that LOW maps to 0 and HIGH to 90."""
    cos = float(np.dot(a, b))
    value = (cos - LOW) / (HIGH - LOW) * 90.0
    return float(round(min(100.0, max(0.0, value)), 4))
