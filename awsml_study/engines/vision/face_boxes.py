"""Where the faces are: dlib's HOG frontal-face detector, with OpenCV's cascade for drawn faces.

Why dlib's HOG detector (package dlib-bin, a 4 MB wheel, BSL-1.0, the detector compiled into the
library, nothing loaded from disk): on benchmarks/face_scenes.py's group scenes made from real
photographs (three people, faces 40-102 px, level and turned by up to 15 degrees, four lightings,
real backgrounds; 56 scenes and 6 face-free photographs) bench_rekognition.py measured 135 of 168
faces found and no false face, against 33 and 0.13 false faces per picture for the old detector
(Haar cascade on a 400 px copy, haar_faces below). Tried on the same scenes and dropped: Haar
cascades on the full-resolution picture (one or two cascades, OpenCV's image pyramid) found 63-73
of 144 faces but reported faces on every face-free photograph, at 2-6x the time.
face-recognition-models (dlib's CNN detector, 5/68-point landmarks and 128-d ResNet embedding) was
not taken: a 100 MB download against the project's aim of a small environment.

Small faces: dlib's window is 80 px and AWS's smallest face 40 px (up to 1920 x 1080, larger in
proportion above), so the grey picture is scanned at 2x, large pictures at 3840 px on the long side
(scan_scale). Measured in the same run against the scan before it (colour, at most 2x and 2000 px):
faces of 40 px in 1920 x 1080 0 -> 17 of 24 found, 48 px 3 -> 20 of 24, all sizes 100 -> 135 of
168, no false face either way; CPU time per picture median 1.13x, 1920 px pictures 1.8-2.0x (the
8 MP copy), 800 px ones 0.85x (grey is cheaper than colour). Limits: a face turned well sideways
(face_scenes' cameraman, behind his camera) is found only now and then, the detector sees faces
from the front; of the frontal faces at 40-48 px nearly all are found. The kit's drawn people,
which a detector trained on photographs does not see, are found by OpenCV's frontal cascade on a
400 px copy, kept only where the eye cascade finds a pair of eyes in the box or many windows agree
(the cascade alone sees faces in textures).
"""
from __future__ import annotations

import functools
import math
import threading

import numpy as np

HOG_WINDOW = 80            # dlib's frontal detector's window, px
AWS_MIN_FACE_PX = 40       # AWS: the smallest face is 40 x 40 px in a 1920 x 1080 picture ...
AWS_REFERENCE_SIDE = 1920  # ... and proportionally larger in larger pictures
THRESHOLD = 0.0            # dlib's SVM score from which a window is a face
CASCADE_SURE = 90.0        # the cascade's confidence (19+ windows) that needs no eyes to back it
CASCADE_SIDE = 400         # the cascade's copy: drawn faces are large and simple
# dlib's detector and OpenCV's cascades are shared objects that neither library documents as safe
# to run from two threads at once (serve runs learners side by side, the job worker runs beside
# the notebook): one detection call at a time.
_detectors = threading.RLock()


@functools.lru_cache(maxsize=1)
def _hog():
    import dlib  # dlib-bin: the detector's weights are compiled into the library
    return dlib.get_frontal_face_detector()


def _square(left: float, top: float, side: float) -> tuple[float, float, float, float]:
    """dlib's box (brows to chin) widened to the forehead-to-chin box the landmarks assume."""
    grow = 1.2 * side
    cx, cy = left + side / 2, top + side / 2 - 0.08 * side
    return (cx - grow / 2, cy - grow / 2, grow, grow)


def _refine(g: np.ndarray, box):
    """The frontal cascade's box for a found face, where it sees the face in a fine step of sizes.

    dlib's pyramid steps by 6/5, so the same face in two copies of a picture can get boxes a fifth
    apart in size; the descriptor (faces.descriptor) crops by the box and wants it repeatable.
    """
    import cv2
    x, y, w, _ = box
    region, x0, y0 = _crop(g, box, pad=0.35)
    if region.size == 0:
        return box
    k = min(1.0, 160.0 / w)   # the face about 160 px: cheap and still detailed
    small = cv2.resize(region, (max(1, int(region.shape[1] * k)), max(1, int(region.shape[0] * k))),
                       interpolation=cv2.INTER_AREA) if k < 1 else region
    side = w * k
    found = run_cascade("frontalface_default", small, scaleFactor=1.05, minNeighbors=3,
                        minSize=(int(side * 0.7),) * 2, maxSize=(int(side * 1.4),) * 2)
    if len(found) == 0:
        return box
    bx, by, bw, bh = max(found, key=lambda b: b[2])
    return (float(x0 + bx / k), float(y0 + by / k), float(bw / k), float(bh / k))


def scan_scale(h: int, w: int) -> float:
    """How much the HOG detector's copy is enlarged: AWS's smallest face to the 80 px window.

    AWS's minimum is 40 px up to 1920 x 1080 and grows in proportion above it, so pictures up to
    1920 px are doubled and larger ones scanned at 3840 px on their long side (the cost is capped).
    """
    return HOG_WINDOW / AWS_MIN_FACE_PX * min(1.0, AWS_REFERENCE_SIDE / max(h, w))


def hog_faces(rgb: np.ndarray, g: np.ndarray) -> list[tuple[tuple[float, float, float, float], float]]:
    """[(box, confidence 50-99.9)] from dlib's HOG detector on the grey picture at scan_scale."""
    import cv2
    h, w = g.shape[:2]
    scale = scan_scale(h, w)
    # grey: on colour dlib takes each pixel's strongest channel, at ~1.4x the time, for about the
    # same recall on face_scenes (138 against 136 of 168 faces)
    img = g if abs(scale - 1) < 0.01 else cv2.resize(
        g, (max(1, round(w * scale)), max(1, round(h * scale))),
        interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    return scan(img, scale, g)


def scan(img: np.ndarray, scale: float, g: np.ndarray) -> list[tuple[tuple[float, float, float, float], float]]:
    """dlib's detector on `img` (the picture enlarged by `scale`), boxes in the picture's pixels."""
    with _detectors:
        rects, scores, _ = _hog().run(np.ascontiguousarray(img), 0, THRESHOLD)
    out = []
    for r, score in zip(rects, scores):
        box = _refine(g, _square(r.left() / scale, r.top() / scale, r.width() / scale))
        # the SVM margin mapped onto 50-99.9: a face at the threshold is a coin toss
        out.append((box, float(min(99.9, 50.0 + 50.0 * (1.0 - math.exp(-max(0.0, score) / 0.6))))))
    return out


@functools.lru_cache(maxsize=None)
def cascade(name: str):
    import cv2
    clf = cv2.CascadeClassifier(cv2.data.haarcascades + f"haarcascade_{name}.xml")
    if clf.empty():
        raise RuntimeError(f"OpenCV cascade {name} is missing: opencv-python-headless 4.x ships it")
    return clf


def run_cascade(name: str, img: np.ndarray, *, counts: bool = False, **options):
    """The boxes the cascade `name` finds in `img`; with counts, (boxes, window counts)."""
    with _detectors:
        clf = cascade(name)
        return clf.detectMultiScale2(img, **options) if counts else clf.detectMultiScale(img, **options)


def _confidence(neighbours: float, scale: float) -> float:
    """Overlapping detections mapped onto 50-99.9: more agreeing windows, more confident."""
    return float(min(99.9, 50.0 + 50.0 * (1.0 - math.exp(-max(0.0, neighbours) / scale))))


def _overlap(a, b) -> float:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    ix = max(0.0, min(ax + aw, bx + bw) - max(ax, bx))
    iy = max(0.0, min(ay + ah, by + bh) - max(ay, by))
    inter = ix * iy
    return inter / min(aw * ah, bw * bh) if inter else 0.0


def _crop(g: np.ndarray, box, pad: float = 0.0):
    x, y, w, h = box
    x0 = int(max(0, x - pad * w))
    y0 = int(max(0, y - pad * h))
    x1 = int(min(g.shape[1], x + w * (1 + pad)))
    y1 = int(min(g.shape[0], y + h * (1 + pad)))
    return g[y0:y1, x0:x1], x0, y0


def find_eyes(g: np.ndarray, box) -> list[tuple[float, float]]:
    """Centres of the left and right eye (image left first) from the eye cascade, or []."""
    x, y, w, h = box
    upper, x0, y0 = _crop(g, (x, y + 0.15 * h, w, 0.4 * h))
    if upper.size == 0:
        return []
    side = max(8, int(w * 0.12))
    centres = []
    for name in ("eye_tree_eyeglasses", "eye"):  # the first also finds eyes behind glasses
        eyes = run_cascade(name, upper, scaleFactor=1.1, minNeighbors=3,
                           minSize=(side, side), maxSize=(int(w * 0.45),) * 2)
        centres += [(x0 + ex + ew / 2.0, y0 + ey + eh / 2.0, ew) for ex, ey, ew, eh in eyes]
    mid = x + w / 2.0
    left = [c for c in centres if c[0] < mid]
    right = [c for c in centres if c[0] >= mid]
    if not left or not right:
        return []
    pick = lambda cs: max(cs, key=lambda c: c[2])  # noqa: E731 - the largest window on each side
    (lx, ly, _), (rx, ry, _) = pick(left), pick(right)
    if rx - lx < 0.2 * w or abs(ry - ly) > 0.25 * w:
        return []
    return [(lx, ly), (rx, ry)]


def haar_faces(g: np.ndarray) -> list[tuple[tuple[float, float, float, float], float]]:
    """[(box, confidence)] from the frontal cascade on a CASCADE_SIDE copy of a grey picture (the
    kit's detector before dlib, kept as the benchmark's baseline), the profile cascade both ways
    round when no frontal face is found."""
    import cv2
    h, w = g.shape
    scale = min(1.0, CASCADE_SIDE / max(h, w))
    small = cv2.resize(g, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA) \
        if scale < 1 else g
    side = max(24, int(min(small.shape) * 40 / 1080))
    boxes, counts = run_cascade("frontalface_default", small, counts=True, scaleFactor=1.1,
                                minNeighbors=5, minSize=(side, side))
    found = [(tuple(float(v) / scale for v in b), _confidence(float(n), 12.0)) for b, n in zip(boxes, counts)]
    if not found:
        for flip in (False, True):
            img = cv2.flip(small, 1) if flip else small
            pb, pn = run_cascade("profileface", img, counts=True, scaleFactor=1.2,
                                 minNeighbors=6, minSize=(side, side))
            for (x, y, bw, bh), n in zip(pb, pn):
                x = small.shape[1] - x - bw if flip else x
                found.append(((x / scale, y / scale, bw / scale, bh / scale), _confidence(float(n) * 0.6, 12.0)))
    return found


def drawn_faces(g: np.ndarray) -> list[tuple[tuple[float, float, float, float], float]]:
    """haar_faces kept only where the eye cascade finds a pair of eyes in the box, or where many
    windows agree (CASCADE_SURE: a drawn face in one colour channel, whose eyes the cascade misses)."""
    return [(box, conf) for box, conf in haar_faces(g) if conf >= CASCADE_SURE or find_eyes(g, box)]


def find(rgb: np.ndarray, g: np.ndarray) -> list[tuple[tuple[float, float, float, float], float]]:
    """[(box, confidence)] of the faces in an RGB picture (g: its grey copy), any order."""
    found = hog_faces(rgb, g)
    for box, conf in drawn_faces(g):
        if not any(_overlap(box, f) > 0.3 for f, _ in found):
            found.append((box, conf))
    return found
