"""Draw the Rekognition sample pictures and write their Ground Truth manifest.

    python data/rekognition/render_samples.py

Pictures are drawn with Pillow (faces, people, a street sign, a document page in DejaVu Sans
from matplotlib's wheel); grace_hopper.jpg is copied from matplotlib's sample data (public domain,
US Navy photograph). manifest.jsonl is a SageMaker Ground Truth output manifest (JSON lines):
object-detection boxes ("objects"), multi-label scene classes ("scene") and custom annotations
("faces", "moderation", "ppe") of each picture, written by hand below from what was drawn.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
BUCKET = "s3://awsml-study-samples/rekognition/"
DATE = "2026-11-21T06:00:00.000000"


def font(size: int, bold: bool = False):
    import matplotlib.font_manager as fm
    return ImageFont.truetype(fm.findfont(fm.FontProperties(family="DejaVu Sans",
                                                            weight="bold" if bold else "normal")), size)


# ----- people -----

PEOPLE = {
    "ana": dict(skin=(224, 180, 150), hair=(60, 40, 20), eye_dx=0.24, mouth_w=0.30, brow=(50, 35, 25),
                shirt=(40, 90, 160), face_w=0.44, face_h=0.62),
    "ben": dict(skin=(238, 200, 168), hair=(170, 130, 60), eye_dx=0.27, mouth_w=0.24,
                brow=(120, 90, 40), shirt=(150, 50, 50), face_w=0.46, face_h=0.60, moustache=True),
}


def draw_person(d: ImageDraw.ImageDraw, cx: float, cy: float, size: float, person: dict,
                smile: bool) -> tuple[float, float, float, float]:
    """A head and shoulders centred at (cx, cy) of the face; returns the face box (l, t, w, h)."""
    p = person
    fw, fh = p["face_w"] * size, p["face_h"] * size
    # shoulders and shirt
    d.ellipse([cx - 1.1 * fw, cy + 0.55 * fh, cx + 1.1 * fw, cy + 1.9 * fh], fill=p["shirt"])
    d.rectangle([cx - 0.18 * fw, cy + 0.35 * fh, cx + 0.18 * fw, cy + 0.65 * fh],
                fill=tuple(int(c * 0.9) for c in p["skin"]))
    # hair behind, face, fringe
    d.ellipse([cx - 0.62 * fw, cy - 0.62 * fh, cx + 0.62 * fw, cy + 0.45 * fh], fill=p["hair"])
    d.ellipse([cx - 0.5 * fw, cy - 0.48 * fh, cx + 0.5 * fw, cy + 0.52 * fh], fill=p["skin"])
    d.chord([cx - 0.55 * fw, cy - 0.62 * fh, cx + 0.55 * fw, cy - 0.1 * fh], 180, 360, fill=p["hair"])
    ex, ey = p["eye_dx"] * fw, cy - 0.12 * fh
    r = 0.1 * fw
    for s in (-1, 1):
        x = cx + s * ex
        d.line([x - 1.3 * r, ey - 1.6 * r, x + 1.3 * r, ey - 1.7 * r], fill=p["brow"], width=max(2, int(r * 0.4)))
        d.ellipse([x - 1.1 * r, ey - 0.55 * r, x + 1.1 * r, ey + 0.55 * r], fill=(250, 250, 250))
        d.ellipse([x - 0.5 * r, ey - 0.55 * r, x + 0.5 * r, ey + 0.55 * r], fill=(40, 30, 20))
    nose = tuple(int(c * 0.82) for c in p["skin"])
    d.polygon([(cx, ey + 0.3 * r), (cx - 0.7 * r, ey + 0.28 * fh), (cx + 0.7 * r, ey + 0.28 * fh)], fill=nose)
    mw, my = p["mouth_w"] * fw, cy + 0.27 * fh
    if p.get("moustache"):
        d.chord([cx - 0.62 * mw, my - 0.13 * fh, cx + 0.62 * mw, my + 0.02 * fh], 180, 360, fill=p["brow"])
    if smile:
        d.chord([cx - mw / 2, my - 0.08 * fh, cx + mw / 2, my + 0.12 * fh], 0, 180, fill=(150, 40, 50))
        d.rectangle([cx - mw / 2 + 0.1 * mw, my + 0.01 * fh, cx + mw / 2 - 0.1 * mw, my + 0.035 * fh],
                    fill=(250, 250, 250))
    else:
        d.line([cx - mw / 2, my, cx + mw / 2, my], fill=(150, 40, 50), width=max(2, int(r * 0.5)))
    return (cx - 0.5 * fw, cy - 0.48 * fh, fw, fh)


def portrait(name: str, smile: bool, bg=(200, 210, 225), size=(360, 440)):
    img = Image.new("RGB", size, bg)
    box = draw_person(ImageDraw.Draw(img), size[0] / 2, size[1] * 0.42, 300, PEOPLE[name], smile)
    return img.filter(ImageFilter.GaussianBlur(2.0)), [box]


def group():
    img = Image.new("RGB", (640, 400), (225, 215, 190))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 300, 640, 400], fill=(150, 120, 90))
    a = draw_person(d, 190, 170, 240, PEOPLE["ana"], True)
    b = draw_person(d, 460, 180, 210, PEOPLE["ben"], True)
    return img.filter(ImageFilter.GaussianBlur(1.8)), [a, b]


def street_sign():
    img = Image.new("RGB", (640, 420), (135, 190, 235))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 330, 640, 420], fill=(90, 90, 95))
    d.rectangle([0, 300, 640, 330], fill=(170, 170, 170))
    d.rectangle([305, 150, 320, 330], fill=(110, 110, 115))         # post
    d.rectangle([150, 40, 490, 110], fill=(20, 110, 60), outline="white", width=4)
    d.text((320, 75), "MAIN STREET", font=font(40, True), fill="white", anchor="mm")
    d.rectangle([215, 130, 410, 250], fill="white", outline=(200, 20, 20), width=6)
    d.text((312, 165), "NO PARKING", font=font(26, True), fill=(200, 20, 20), anchor="mm")
    d.text((312, 215), "8AM - 6PM", font=font(24), fill="black", anchor="mm")
    return img, [(150, 40, 340, 70), (215, 130, 195, 120)]


def document():
    img = Image.new("RGB", (600, 780), "white")
    d = ImageDraw.Draw(img)
    d.text((50, 50), "Visitor Policy", font=font(34, True), fill="black")
    body = ["All visitors sign in at the front desk.", "Badges are worn at all times on site.",
            "Photography is allowed in the lobby only.", "Escort visitors to meeting rooms.",
            "Return badges when you leave the building.", "Questions: ask the security team.",
            "Fire exits are marked in green.", "Thank you for keeping our site safe."]
    for i, line in enumerate(body):
        d.text((50, 130 + 45 * i), line, font=font(22), fill="black")
    return img, [(30, 30, 540, 720)]


def worker():
    img = Image.new("RGB", (420, 560), (205, 215, 220))
    d = ImageDraw.Draw(img)
    box = draw_person(d, 210, 190, 260, dict(PEOPLE["ben"], shirt=(250, 140, 20)), False)
    # hard hat over the hair
    d.chord([110, 70, 310, 230], 180, 360, fill=(250, 210, 20))
    d.rectangle([95, 145, 325, 160], fill=(230, 190, 10))
    # reflective stripes on the vest
    d.rectangle([80, 440, 340, 455], fill=(230, 230, 230))
    d.rectangle([80, 490, 340, 505], fill=(230, 230, 230))
    return img.filter(ImageFilter.GaussianBlur(1.5)), [box, (95, 70, 230, 90), (50, 380, 320, 180)]


def cat(fur=(70, 70, 75)):
    """A cat's face (ears, slit-pupil eyes, nose, whiskers), drawn for the cat-face cascade."""
    img = Image.new("RGB", (400, 400), (230, 225, 210))
    d = ImageDraw.Draw(img)
    cx, cy, r = 200, 220, 110
    inner = (230, 170, 170)
    for s in (-1, 1):
        d.polygon([(cx + s * r * 0.95, cy - r * 0.2), (cx + s * r * 0.75, cy - r * 1.25),
                   (cx + s * r * 0.25, cy - r * 0.8)], fill=fur)
        d.polygon([(cx + s * r * 0.8, cy - r * 0.4), (cx + s * r * 0.72, cy - r * 1.0),
                   (cx + s * r * 0.4, cy - r * 0.75)], fill=inner)
    d.ellipse([cx - r, cy - r * 0.9, cx + r, cy + r * 0.8], fill=fur)
    for k in (-1, 0, 1):
        d.line([cx + k * 18, cy - r * 0.9, cx + k * 14, cy - r * 0.55], fill=tuple(int(c * 0.6) for c in fur), width=7)
    for s in (-1, 1):
        ex, ey = cx + s * r * 0.4, cy - r * 0.15
        d.ellipse([ex - 24, ey - 17, ex + 24, ey + 17], fill=(200, 190, 60))
        d.ellipse([ex - 6, ey - 16, ex + 6, ey + 16], fill=(20, 20, 20))
    d.polygon([(cx - 14, cy + r * 0.2), (cx + 14, cy + r * 0.2), (cx, cy + r * 0.35)], fill=(220, 120, 130))
    d.line([cx, cy + r * 0.35, cx, cy + r * 0.5], fill=(60, 60, 60), width=3)
    d.arc([cx - 30, cy + r * 0.35, cx, cy + r * 0.6], 0, 180, fill=(60, 60, 60), width=3)
    d.arc([cx, cy + r * 0.35, cx + 30, cy + r * 0.6], 0, 180, fill=(60, 60, 60), width=3)
    for s in (-1, 1):
        for k in (-1, 0, 1):
            d.line([cx + s * 30, cy + r * 0.35 + k * 8, cx + s * r * 1.2, cy + r * 0.3 + k * 20],
                   fill=(40, 40, 40), width=2)
    return img.filter(ImageFilter.GaussianBlur(2.5)), [(cx - r, cy - r * 1.25, 2 * r, r * 2.05)]


def alcohol():
    img = Image.new("RGB", (480, 420), (240, 235, 225))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 330, 480, 420], fill=(120, 80, 50))               # table
    d.rectangle([120, 130, 190, 330], fill=(60, 110, 50))             # bottle
    d.rectangle([140, 70, 170, 130], fill=(60, 110, 50))
    d.rectangle([125, 200, 185, 260], fill=(245, 240, 220))
    d.text((155, 230), "WINE", font=font(16, True), fill=(120, 20, 40), anchor="mm")
    d.polygon([(280, 150), (360, 150), (335, 230), (305, 230)], fill=(150, 20, 50))  # glass
    d.line([(320, 230), (320, 320)], fill=(200, 200, 210), width=5)
    d.line([(290, 322), (350, 322)], fill=(200, 200, 210), width=5)
    return img, [(120, 70, 70, 260), (275, 145, 90, 180)]


def video() -> None:
    """street_video.mp4: 2 s of a portrait, 2 s of the street sign, 2 s of the group (8 fps)."""
    import sys

    import numpy as np
    sys.path.insert(0, str(HERE.parent.parent))
    from awsml_study.engines.video import write_mp4

    def canvas(name):
        img = Image.open(HERE / name).convert("RGB")
        frame = Image.new("RGB", (640, 420), (200, 210, 225))
        img.thumbnail((640, 420))
        frame.paste(img, ((640 - img.width) // 2, (420 - img.height) // 2))
        return np.asarray(frame)

    write_mp4(str(HERE / "street_video.mp4"),
              [(canvas("portrait_ana.png"), 2.0), (canvas("street_sign.png"), 2.0),
               (canvas("group.png"), 2.0)], fps=8.0)


def _line(name: str, size, objects, scene, faces=None, moderation=None, ppe=None) -> dict:
    width, height = size
    meta = lambda kind, job: {"type": kind, "human-annotated": "yes", "creation-date": DATE,  # noqa: E731
                              "job-name": f"labeling-job/awsml-study-rekognition-{job}"}
    classes = sorted({c for c, _, _ in objects})
    row = {"source-ref": BUCKET + name,
           "objects": {"annotations": [{"class_id": classes.index(c), "left": int(b[0]), "top": int(b[1]),
                                        "width": int(b[2]), "height": int(b[3])} for c, b, _ in objects],
                       "image_size": [{"width": width, "height": height, "depth": 3}]},
           "objects-metadata": {"objects": [{"confidence": conf} for _, _, conf in objects],
                                "class-map": {str(i): c for i, c in enumerate(classes)},
                                **meta("groundtruth/object-detection", "objects")},
           "scene": list(range(len(scene))),
           "scene-metadata": {"class-map": {str(i): c for i, (c, _) in enumerate(scene)},
                              "confidence-map": {str(i): p for i, (_, p) in enumerate(scene)},
                              **meta("groundtruth/image-classification-multilabel", "scenes")}}
    for key, value in (("faces", faces), ("moderation", moderation), ("ppe", ppe)):
        if value is not None:
            row[key] = value
            row[f"{key}-metadata"] = meta("groundtruth/custom", key)
    return row


def _face(box, age, gender, emotion, **extra) -> dict:
    emotions = [{"Type": emotion, "Confidence": 90.0}, {"Type": "CALM", "Confidence": 6.0},
                {"Type": "SURPRISED", "Confidence": 2.0}] if emotion != "CALM" else \
        [{"Type": "CALM", "Confidence": 92.0}, {"Type": "HAPPY", "Confidence": 4.0}]
    return {"left": int(box[0]), "top": int(box[1]), "width": int(box[2]), "height": int(box[3]),
            "AgeRange": {"Low": age[0], "High": age[1]},
            "Gender": {"Value": gender, "Confidence": 95.0}, "Emotions": emotions, **extra}


def main() -> None:
    rows = []
    img, (box,) = portrait("ana", smile=True)
    img.save(HERE / "portrait_ana.png")
    rows.append(_line("portrait_ana.png", img.size, [("Person", (box[0] - 60, box[1] - 40, box[2] + 120, 440 - box[1] + 40), 0.97)],
                      [("Portrait", 0.95), ("Indoors", 0.62)],
                      faces={"faces": [_face(box, (28, 36), "Female", "HAPPY",
                                             Eyeglasses={"Value": False, "Confidence": 97.0})]}))
    img, (box,) = portrait("ben", smile=False, bg=(215, 225, 205))
    img.save(HERE / "portrait_ben.png")
    rows.append(_line("portrait_ben.png", img.size, [("Person", (box[0] - 60, box[1] - 40, box[2] + 120, 440 - box[1] + 40), 0.96)],
                      [("Portrait", 0.94)],
                      faces={"faces": [_face(box, (35, 45), "Male", "CALM",
                                             Beard={"Value": False, "Confidence": 93.0})]}))
    img, (a, b) = group()
    img.save(HERE / "group.png")
    rows.append(_line("group.png", img.size,
                      [("Person", (a[0] - 50, a[1] - 30, a[2] + 100, 400 - a[1] + 30), 0.96),
                       ("Person", (b[0] - 45, b[1] - 28, b[2] + 90, 400 - b[1] + 28), 0.95)],
                      [("People", 0.9), ("Indoors", 0.6)],
                      faces={"faces": [_face(a, (28, 36), "Female", "HAPPY"),
                                       _face(b, (35, 45), "Male", "HAPPY")]}))
    img, boxes = street_sign()
    img.save(HERE / "street_sign.png")
    rows.append(_line("street_sign.png", img.size,
                      [("Road Sign", boxes[0], 0.96), ("Road Sign", boxes[1], 0.95)],
                      [("Outdoors", 0.9), ("Street", 0.8), ("Sky", 0.85)]))
    img, boxes = document()
    img.save(HERE / "document.png")
    rows.append(_line("document.png", img.size, [("Paper", boxes[0], 0.9)], [("Page", 0.8)]))
    img, (face_box, hat, vest) = worker()
    img.save(HERE / "worker.png")
    rows.append(_line("worker.png", img.size,
                      [("Person", (50, 50, 320, 510), 0.95), ("Hardhat", hat, 0.93), ("Vest", vest, 0.9)],
                      [("Construction", 0.7), ("Worker", 0.85)],
                      faces={"faces": [_face(face_box, (30, 40), "Male", "CALM")]},
                      ppe={"persons": [{"left": 50, "top": 50, "width": 320, "height": 510,
                                        "body_parts": [
                                            {"Name": "HEAD", "Confidence": 98.0, "equipment": [
                                                {"Type": "HEAD_COVER", "left": hat[0], "top": hat[1], "width": hat[2],
                                                 "height": hat[3], "Confidence": 96.0, "CoversBodyPart": True}]},
                                            {"Name": "FACE", "Confidence": 97.0, "equipment": []},
                                            {"Name": "LEFT_HAND", "Confidence": 60.0, "equipment": []},
                                            {"Name": "RIGHT_HAND", "Confidence": 60.0, "equipment": []}]}]}))
    img, (head,) = cat()
    img.save(HERE / "cat.png")
    rows.append(_line("cat.png", img.size, [("Cat", head, 0.97)],
                      [("Animal", 0.97), ("Pet", 0.95), ("Mammal", 0.96)]))
    img, (bottle, glass) = alcohol()
    img.save(HERE / "alcohol.png")
    rows.append(_line("alcohol.png", img.size, [("Bottle", bottle, 0.95), ("Wine Glass", glass, 0.9)],
                      [("Indoors", 0.7), ("Alcohol", 0.9)],
                      moderation={"labels": [{"Name": "Alcoholic Beverages", "ParentName": "Alcohol",
                                              "TaxonomyLevel": 2, "Confidence": 93.0},
                                             {"Name": "Alcohol", "ParentName": "", "TaxonomyLevel": 1,
                                              "Confidence": 93.0}]}))
    import matplotlib.cbook as cbook
    shutil.copyfile(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False),
                    HERE / "celebrities" / "grace_hopper.jpg")
    rows.append(_line("celebrities/grace_hopper.jpg", (512, 600),
                      [("Person", (40, 60, 460, 540), 0.97), ("Hat", (150, 10, 250, 110), 0.9)],
                      [("Portrait", 0.95), ("Military Uniform", 0.9), ("Clothing", 0.9)],
                      faces={"faces": [_face((149, 100, 231, 231), (70, 85), "Female", "CALM")]}))
    video()
    with open(HERE / "manifest.jsonl", "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
