"""Group scenes composed from real public-domain portraits, with the true face boxes, for bench_rekognition.

Three photographs nobody on the project made (data/SOURCES.md): Grace Hopper (US Navy), Eileen
Collins (NASA, scikit-image's astronaut) and the cameraman (scikit-image's camera, CC0). Each head
and shoulders is cut out with a feathered oval, scaled so the face is a given fraction of the picture
width, optionally turned by up to +-15 degrees, and laid side by side on a real background
photograph; the whole scene is then lit darker, brighter or unevenly. The face boxes were read off
the original portraits by eye and are carried through the same scaling and rotation.

Run `python benchmarks/face_scenes.py` to write data/rekognition/photos/family.jpg (the notebook's
group photo).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = ROOT / "data" / "rekognition" / "photos"
# person -> (file, face box left, top, width, height in the original portrait, checked by eye)
PEOPLE = {
    "hopper": (ROOT / "data" / "rekognition" / "celebrities" / "grace_hopper.jpg", (178, 132, 190, 200)),
    "collins": (PHOTOS / "astronaut.jpg", (175, 70, 92, 100)),
    "cameraman": (PHOTOS / "camera.jpg", (214, 126, 56, 62)),
}


def read(path: Path) -> np.ndarray:
    import cv2
    return cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB)


def _head(person: str, face_px: int, angle: float):
    """(RGBA head-and-shoulders cut-out, face box inside it) with the face face_px wide."""
    import cv2
    path, (x, y, w, h) = PEOPLE[person]
    rgb = read(path)
    # head and shoulders: 1.2 face widths either side, 0.9 above, 1.6 below the face
    x0, y0 = max(0, int(x - 1.2 * w)), max(0, int(y - 0.9 * h))
    x1, y1 = min(rgb.shape[1], int(x + 2.2 * w)), min(rgb.shape[0], int(y + 2.6 * h))
    cut = rgb[y0:y1, x0:x1]
    s = face_px / w
    cut = cv2.resize(cut, (max(2, int(cut.shape[1] * s)), max(2, int(cut.shape[0] * s))),
                     interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC)
    hh, ww = cut.shape[:2]
    alpha = np.zeros((hh, ww), np.float32)
    cv2.ellipse(alpha, (ww // 2, hh // 2), (int(ww * 0.46), int(hh * 0.48)), 0, 0, 360, 1.0, -1)
    alpha = cv2.GaussianBlur(alpha, (0, 0), max(1.0, ww * 0.05))
    rgba = np.dstack([cut.astype(np.float32), alpha])
    fx, fy, fw, fh = (x - x0) * s, (y - y0) * s, w * s, h * s
    if angle:
        rot = cv2.getRotationMatrix2D((ww / 2, hh / 2), angle, 1.0)
        rgba = cv2.warpAffine(rgba, rot, (ww, hh), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0, 0))
        corners = np.array([[fx, fy, 1], [fx + fw, fy, 1], [fx, fy + fh, 1], [fx + fw, fy + fh, 1]])
        pts = corners @ rot.T
        cx, cy = pts[:, 0].mean(), pts[:, 1].mean()
        fx, fy = cx - fw / 2, cy - fh / 2   # the turned face keeps its size around its centre
    return rgba, (fx, fy, fw, fh)


def scene(size: tuple[int, int], face_fraction: float, angles=(0, 0, 0), light: str = "normal",
          background: str = "coffee", seed: int = 0):
    """(RGB picture, [true face boxes]) of the three people side by side."""
    import cv2
    rng = np.random.default_rng(seed)
    width, height = size
    bg = read(PHOTOS / f"{background}.jpg") if (PHOTOS / f"{background}.jpg").exists() else background_of(background)
    canvas = cv2.resize(bg, (width, height)).astype(np.float32)
    canvas = cv2.GaussianBlur(canvas, (0, 0), 3)
    face_px = max(8, int(face_fraction * width))
    boxes = []
    slots = np.linspace(0.2, 0.8, len(PEOPLE))
    for (person, angle), cx in zip(zip(PEOPLE, angles), slots):
        rgba, (fx, fy, fw, fh) = _head(person, face_px, angle)
        hh, ww = rgba.shape[:2]
        left = int(cx * width - ww / 2 + rng.integers(-face_px // 3, face_px // 3 + 1))
        top = int(height * 0.55 - hh / 2 + rng.integers(-face_px // 3, face_px // 3 + 1))
        # clip the cut-out to the canvas
        l0, t0 = max(0, left), max(0, top)
        l1, t1 = min(width, left + ww), min(height, top + hh)
        if l1 <= l0 or t1 <= t0:
            continue
        part = rgba[t0 - top:t1 - top, l0 - left:l1 - left]
        a = part[..., 3:4]
        canvas[t0:t1, l0:l1] = canvas[t0:t1, l0:l1] * (1 - a) + part[..., :3] * a
        boxes.append((left + fx, top + fy, fw, fh))
    canvas = relight(np.clip(canvas, 0, 255), light)
    return np.clip(canvas, 0, 255).astype(np.uint8), boxes


def relight(rgb: np.ndarray, light: str) -> np.ndarray:
    h, w = rgb.shape[:2]
    if light == "dark":        # under-exposed: gamma 1.8, then half the brightness
        return 255.0 * (rgb / 255.0) ** 1.8 * 0.6
    if light == "bright":      # over-exposed and flat
        return rgb * 0.7 + 90
    if light == "uneven":      # a window on the left: bright to dim across the picture
        ramp = np.linspace(1.35, 0.45, w, dtype=np.float32)[None, :, None]
        return rgb * ramp
    return rgb


def background_of(name: str) -> np.ndarray:
    """sklearn's sample photographs (china, flower), read from the installed package."""
    from sklearn.datasets import load_sample_image
    return load_sample_image(f"{name}.jpg")


def benchmark_scenes():
    """[(name, RGB, true boxes)]: sizes, face sizes down to AWS's minimum, rotations, lighting.

    The last layout (faces 40 px wide in 1920 x 1080, AWS's minimum) came after the first six, so
    the first 48 scenes are the ones earlier runs measured, pixel for pixel.
    """
    out = []
    layouts = [((1920, 1080), 0.025), ((1920, 1080), 0.05), ((1280, 853), 0.035),
               ((1280, 853), 0.08), ((800, 600), 0.05), ((800, 600), 0.12),
               ((1920, 1080), 0.021)]
    angle_sets = [(0, 0, 0), (15, -15, 10)]
    lights = ["normal", "dark", "bright", "uneven"]
    backgrounds = ["coffee", "china", "flower"]
    i = 0
    for size, frac in layouts:
        for angles in angle_sets:
            for light in lights:
                bg = backgrounds[i % len(backgrounds)]
                rgb, boxes = scene(size, frac, angles, light, bg, seed=i)
                rot = "turned" if any(angles) else "level"
                out.append((f"{size[0]}x{size[1]} face {frac:.1%} {rot} {light} on {bg}", rgb, boxes))
                i += 1
    return out


def face_free_pictures():
    """[(name, RGB)]: real photographs with no face in them, at their own size and at 1920 wide."""
    import cv2
    out = []
    for name in ("china", "flower"):
        out.append((f"sklearn {name}.jpg", background_of(name)))
    out.append(("coffee.jpg", read(PHOTOS / "coffee.jpg")))
    for name, rgb in list(out):
        h, w = rgb.shape[:2]
        out.append((f"{name} at 1920 wide", cv2.resize(rgb, (1920, int(h * 1920 / w)),
                                                        interpolation=cv2.INTER_CUBIC)))
    return out


if __name__ == "__main__":
    import cv2
    rgb, boxes = scene((1600, 1067), 0.07, (0, -8, 6), "normal", "coffee", seed=3)
    target = PHOTOS / "family.jpg"
    cv2.imwrite(str(target), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 88])
    print(target, rgb.shape, [tuple(round(v) for v in b) for b in boxes], file=sys.stderr)
