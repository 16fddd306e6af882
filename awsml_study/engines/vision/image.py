"""Images: decoding JPEG/PNG bytes, and the properties Rekognition reports (colours, quality).

Everything here is computed from the pixels with numpy and OpenCV: dominant colours by k-means,
brightness as mean luminance, sharpness from the variance of the Laplacian, contrast as the
spread of luminance, and a foreground/background split from a centre-weighted saliency mask.
"""
from __future__ import annotations

import functools
import io

import numpy as np

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class NotAnImage(Exception):
    """Bytes that are not a readable JPEG or PNG image."""


def kind(data: bytes) -> str | None:
    """'jpeg', 'png' or None, from the file's signature."""
    if data[:3] == JPEG_MAGIC:
        return "jpeg"
    if data[:8] == PNG_MAGIC:
        return "png"
    return None


def decode(data: bytes) -> np.ndarray:
    """An RGB uint8 array (height, width, 3) of JPEG or PNG bytes, or NotAnImage."""
    if kind(data) is None:
        raise NotAnImage("not a JPEG or PNG file")
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            img = ImageOps.exif_transpose(img)
            if img.mode in ("I", "I;16", "I;16B", "I;16L", "F"):  # 16-bit or float grey: to 8 bits
                values = np.asarray(img, dtype=np.float64)
                top = 65535.0 if values.max() > 255 else 255.0
                grey8 = np.clip(values / top * 255.0, 0, 255).astype(np.uint8)
                return np.repeat(grey8[:, :, None], 3, axis=2)
            if img.mode in ("RGBA", "LA", "P"):
                rgba = img.convert("RGBA")
                white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                img = Image.alpha_composite(white, rgba)
            return np.asarray(img.convert("RGB"))
    except Exception as err:  # Pillow raises many types for truncated or corrupt files
        raise NotAnImage(f"the image cannot be decoded: {err}") from None


def encode_png(rgb: np.ndarray) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.fromarray(np.asarray(rgb, np.uint8)).save(out, "PNG")
    return out.getvalue()


def encode_jpeg(rgb: np.ndarray, quality: int = 90) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.fromarray(np.asarray(rgb, np.uint8)).save(out, "JPEG", quality=quality)
    return out.getvalue()


def grey(rgb: np.ndarray) -> np.ndarray:
    import cv2
    return cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)


# ----- quality: the 0-100 scales Rekognition uses -----

def brightness(region: np.ndarray) -> float:
    """Mean luminance on 0-100."""
    g = region if region.ndim == 2 else grey(region)
    return float(g.mean()) / 255.0 * 100.0 if g.size else 0.0


def sharpness(region: np.ndarray) -> float:
    """Variance of the Laplacian mapped onto 0-100 (about 50 at variance 100, a usual blur cut-off)."""
    import cv2
    g = region if region.ndim == 2 else grey(region)
    if g.shape[0] < 3 or g.shape[1] < 3:
        return 0.0
    var = float(cv2.Laplacian(g, cv2.CV_64F).var())
    return 100.0 * var / (var + 100.0)


def contrast(region: np.ndarray) -> float:
    """RMS contrast: the standard deviation of luminance, on 0-100 (100 = half black, half white)."""
    g = region if region.ndim == 2 else grey(region)
    if not g.size:
        return 0.0
    return float(min(100.0, g.std() / 127.5 * 100.0))


# ----- colours -----

@functools.lru_cache(maxsize=1)
def _css_colours() -> list[tuple[str, tuple[int, int, int]]]:
    from matplotlib import colors
    return [(name, tuple(int(round(c * 255)) for c in colors.to_rgb(hexv)))
            for name, hexv in colors.CSS4_COLORS.items()]


def simple_name(rgb) -> str:
    """The colour family Rekognition's SimplifiedColor names, from hue, saturation and value."""
    import colorsys
    r, g, b = (c / 255.0 for c in rgb)
    hue, sat, val = colorsys.rgb_to_hsv(r, g, b)
    hue *= 360
    if val < 0.18:
        return "black"
    if sat < 0.18:
        return "white" if val > 0.85 else "grey"
    if hue < 15 or hue >= 345:
        return "brown" if val < 0.55 else ("pink" if sat < 0.45 else "red")
    if hue < 45:
        return "brown" if val < 0.7 and sat > 0.3 else "orange"
    if hue < 70:
        return "yellow"
    if hue < 170:
        return "green"
    if hue < 260:
        return "blue"
    if hue < 290:
        return "purple"
    return "pink"


def css_name(rgb) -> str:
    return _nearest(rgb, _css_colours())


def _nearest(rgb, table) -> str:
    r = np.array(rgb, float)
    return min(table, key=lambda item: float(((np.array(item[1], float) - r) ** 2).sum()))[0]


def dominant_colours(rgb: np.ndarray, count: int = 5, mask: np.ndarray | None = None) -> list[dict]:
    """The main colours by k-means on a thumbnail: RGB, hex, CSS name, family, share of pixels (%)."""
    import cv2
    small = _thumbnail(rgb)
    pixels = small.reshape(-1, 3)
    if mask is not None:
        m = cv2.resize(mask.astype(np.uint8), (small.shape[1], small.shape[0]),
                       interpolation=cv2.INTER_NEAREST).reshape(-1).astype(bool)
        pixels = pixels[m]
    if count <= 0 or len(pixels) < count:
        return []
    data = pixels.astype(np.float32)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 1.0)
    cv2.setRNGSeed(7)  # the same picture gives the same colours every run
    _, labels, centres = cv2.kmeans(data, count, None, criteria, 2, cv2.KMEANS_PP_CENTERS)
    shares = np.bincount(labels.reshape(-1), minlength=count) / len(labels) * 100.0
    out = []
    for i in np.argsort(-shares):
        if shares[i] <= 0:
            continue
        r, g, b = (int(round(v)) for v in centres[i])
        out.append({"Red": r, "Green": g, "Blue": b, "HexCode": f"#{r:02x}{g:02x}{b:02x}",
                    "CSSColor": css_name((r, g, b)), "SimplifiedColor": simple_name((r, g, b)),
                    "PixelPercent": float(round(shares[i], 2))})
    return out


def _thumbnail(rgb: np.ndarray, side: int = 96) -> np.ndarray:
    import cv2
    h, w = rgb.shape[:2]
    scale = side / max(h, w)
    if scale >= 1:
        return rgb
    return cv2.resize(rgb, (max(1, int(w * scale)), max(1, int(h * scale))),
                      interpolation=cv2.INTER_AREA)


def foreground_mask(rgb: np.ndarray) -> np.ndarray:
    """True where the picture differs from its border colour (the usual background), after cleanup.

    A simple, explainable split: the median colour of the outer frame is taken as background;
    pixels far from it are foreground. Falls back to the centre half when nothing stands out.
    """
    import cv2
    h, w = rgb.shape[:2]
    frame = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]]).astype(np.float32)
    bg = np.median(frame, axis=0)
    dist = np.sqrt(((rgb.astype(np.float32) - bg) ** 2).sum(axis=2))
    mask = (dist > 40).astype(np.uint8)
    kernel = np.ones((5, 5), np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    share = mask.mean()
    if share < 0.02 or share > 0.98:
        mask = np.zeros((h, w), np.uint8)
        mask[h // 4: 3 * h // 4, w // 4: 3 * w // 4] = 1
    return mask.astype(bool)


def properties(rgb: np.ndarray, max_colours: int = 10) -> dict:
    """Rekognition's ImageProperties, computed from the pixels (up to max_colours colours each)."""
    g = grey(rgb)
    mask = foreground_mask(rgb)

    def quality(region_mask=None):
        if region_mask is None:
            return {"Brightness": round(brightness(g), 4), "Sharpness": round(sharpness(g), 4),
                    "Contrast": round(contrast(g), 4)}
        vals = g[region_mask]
        ys, xs = np.nonzero(region_mask)
        box = g[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1] if len(ys) else g[:0, :0]
        return {"Brightness": round(float(vals.mean()) / 2.55, 4) if vals.size else 0.0,
                "Sharpness": round(sharpness(box), 4)}

    return {
        "Quality": quality(),
        "DominantColors": dominant_colours(rgb, max_colours),
        "Foreground": {"Quality": quality(mask),
                       "DominantColors": dominant_colours(rgb, min(max_colours, 3), mask)},
        "Background": {"Quality": quality(~mask) if (~mask).any() else quality(),
                       "DominantColors": dominant_colours(rgb, min(max_colours, 3), ~mask)},
    }
