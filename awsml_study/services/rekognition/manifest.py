"""Rekognition: the annotated manifest of the kit's own sample pictures (Ground Truth JSON lines).

data/rekognition/manifest.jsonl is a SageMaker Ground Truth output manifest. A request whose image
bytes are exactly one of the files it names (same SHA-256) gets that file's annotations for what
no offline model can compute: general labels, age range, gender, emotions, moderation labels and
protective equipment. Any other picture gets none of these.
"""
from __future__ import annotations

import functools
import hashlib
import json

SOURCE_PREFIX = "s3://awsml-study-samples/rekognition/"
MANIFEST = "rekognition/manifest.jsonl"


@functools.lru_cache(maxsize=1)
def rows() -> dict[str, dict]:
    """sha256 of each annotated file -> its manifest row (with 'file' and 'size' added)."""
    from awsml_study import data

    out = {}
    with open(data.path(MANIFEST), encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            relative = row["source-ref"].removeprefix(SOURCE_PREFIX)
            try:
                body = data.path(f"rekognition/{relative}").read_bytes()
            except FileNotFoundError:
                continue
            size = row["objects"]["image_size"][0]
            out[hashlib.sha256(body).hexdigest()] = {**row, "file": relative,
                                                      "size": (size["width"], size["height"])}
    return out


def row_for(sha256: str) -> dict | None:
    return rows().get(sha256)


def _relative(item: dict, size) -> dict:
    w, h = size
    return {"Width": round(item["width"] / w, 6), "Height": round(item["height"] / h, 6),
            "Left": round(item["left"] / w, 6), "Top": round(item["top"] / h, 6)}


def face_annotations(sha256: str) -> list[dict]:
    row = row_for(sha256)
    if not row or "faces" not in row:
        return []
    return [{**face, "BoundingBox": _relative(face, row["size"])} for face in row["faces"]["faces"]]


def iou(a: dict, b: dict) -> float:
    ix = max(0.0, min(a["Left"] + a["Width"], b["Left"] + b["Width"]) - max(a["Left"], b["Left"]))
    iy = max(0.0, min(a["Top"] + a["Height"], b["Top"] + b["Height"]) - max(a["Top"], b["Top"]))
    inter = ix * iy
    union = a["Width"] * a["Height"] + b["Width"] * b["Height"] - inter
    return inter / union if union > 0 else 0.0


def match_face(notes: list[dict], box: dict) -> dict | None:
    """The annotated face that overlaps a detected face box most (IoU at least 0.3)."""
    best = max(notes, key=lambda n: iou(n["BoundingBox"], box), default=None)
    return best if best and iou(best["BoundingBox"], box) >= 0.3 else None


def labels(sha256: str) -> list[dict]:
    """[{Name, Confidence, Instances: [{BoundingBox, Confidence}]}] from the object and scene jobs."""
    row = row_for(sha256)
    if not row:
        return []
    found: dict[str, dict] = {}
    meta = row["objects-metadata"]
    for item, conf in zip(row["objects"]["annotations"], meta["objects"]):
        name = meta["class-map"][str(item["class_id"])]
        entry = found.setdefault(name, {"Name": name, "Confidence": 0.0, "Instances": []})
        entry["Instances"].append({"BoundingBox": _relative(item, row["size"]),
                                   "Confidence": round(conf["confidence"] * 100, 3)})
        entry["Confidence"] = max(entry["Confidence"], round(conf["confidence"] * 100, 3))
    scene = row["scene-metadata"]
    for class_id in row["scene"]:
        name = scene["class-map"][str(class_id)]
        conf = round(scene["confidence-map"][str(class_id)] * 100, 3)
        entry = found.setdefault(name, {"Name": name, "Confidence": conf, "Instances": []})
        entry["Confidence"] = max(entry["Confidence"], conf)
    return list(found.values())


def moderation(sha256: str) -> list[dict]:
    row = row_for(sha256)
    return list(row["moderation"]["labels"]) if row and "moderation" in row else []


def ppe(sha256: str) -> tuple[list[dict], tuple[int, int]] | None:
    row = row_for(sha256)
    if not row or "ppe" not in row:
        return None
    return row["ppe"]["persons"], row["size"]


def relative(item: dict, size) -> dict:
    return _relative(item, size)
