"""Boxes over a picture: any Rekognition response's BoundingBoxes (relative form) drawn with matplotlib.

    viewer = BoxViewer(image_bytes, response)   # in a notebook: kind toggles and the picture
    viewer.boxes()                              # the same boxes as plain Python
    draw(image_bytes, response)                 # a Figure that shows as a picture, no widgets
    draw_boxes(image, boxes, labels)            # any relative boxes or polygons (Textract's too)

Rekognition gives boxes as ratios of the picture (Left, Top, Width, Height in 0-1), so a box is
turned into pixels by multiplying by the picture's width and height.
"""
from __future__ import annotations

import io
from typing import NamedTuple

COLOURS = {"face": "#dc2626", "landmark": "#facc15", "label": "#2563eb", "line": "#16a34a",
           "word": "#86efac", "match": "#9333ea", "celebrity": "#ea580c", "equipment": "#0891b2",
           "person": "#64748b", "box": "#dc2626"}


class Shape(NamedTuple):
    kind: str
    box: dict          # Rekognition BoundingBox: Left, Top, Width, Height (ratios)
    caption: str


def to_pixels(box: dict, width: int, height: int) -> tuple[float, float, float, float]:
    """(left, top, width, height) in pixels of a relative BoundingBox."""
    return (box["Left"] * width, box["Top"] * height, box["Width"] * width, box["Height"] * height)


def shapes(response: dict) -> list[Shape]:
    """Every box in a Rekognition response, whatever the operation."""
    out: list[Shape] = []
    for i, face in enumerate(response.get("FaceDetails", [])):
        extra = ""
        if "Smile" in face:
            extra = " smile" if face["Smile"]["Value"] else ""
        if "AgeRange" in face:
            extra += f" {face['AgeRange']['Low']}-{face['AgeRange']['High']}"
        out.append(Shape("face", face["BoundingBox"], f"face {i}{extra}"))
    for label in response.get("Labels", []):
        for inst in label.get("Instances", []):
            out.append(Shape("label", inst["BoundingBox"], f"{label['Name']} {inst['Confidence']:.0f}"))
    for det in response.get("TextDetections", []):
        kind = det["Type"].lower()
        out.append(Shape(kind, det["Geometry"]["BoundingBox"], det["DetectedText"]))
    for match in response.get("FaceMatches", []):
        face = match["Face"]
        caption = face.get("ExternalImageId") or face.get("FaceId", "")[:8]
        out.append(Shape("match", face["BoundingBox"], f"{caption} {match['Similarity']:.0f}%"))
    for face in response.get("UnmatchedFaces", []) + response.get("UnrecognizedFaces", []):
        out.append(Shape("face", face["BoundingBox"], "no match"))
    for celeb in response.get("CelebrityFaces", []):
        out.append(Shape("celebrity", celeb["Face"]["BoundingBox"],
                         f"{celeb['Name']} {celeb['MatchConfidence']:.0f}%"))
    for rec in response.get("FaceRecords", []):
        out.append(Shape("face", rec["Face"]["BoundingBox"], rec["Face"]["FaceId"][:8]))
    if "SearchedFaceBoundingBox" in response:
        out.append(Shape("face", response["SearchedFaceBoundingBox"], "searched face"))
    for person in response.get("Persons", []):
        out.append(Shape("person", person["BoundingBox"], f"person {person['Id']}"))
        for part in person["BodyParts"]:
            for eq in part["EquipmentDetections"]:
                out.append(Shape("equipment", eq["BoundingBox"], f"{eq['Type']} on {part['Name']}"))
    for custom in response.get("CustomLabels", []):
        if "Geometry" in custom:
            out.append(Shape("label", custom["Geometry"]["BoundingBox"], custom["Name"]))
    return out


def landmarks(response: dict) -> list[tuple[str, float, float]]:
    return [(m["Type"], m["X"], m["Y"]) for face in response.get("FaceDetails", [])
            for m in face.get("Landmarks", [])]


def _pixels(image):
    import numpy as np
    from PIL import Image

    if isinstance(image, (bytes, bytearray)):
        with Image.open(io.BytesIO(image)) as img:
            return np.asarray(img.convert("RGB"))
    if isinstance(image, str):
        with Image.open(image) as img:
            return np.asarray(img.convert("RGB"))
    return np.asarray(image)


def draw(image, response_or_shapes, kinds=None, ax=None, title: str | None = None,
         show_landmarks: bool = True):
    """The picture with its boxes (and face landmarks) drawn.

    Returns a matplotlib Figure that shows as a picture when a notebook cell ends with it.
    """
    from awsml_study.widgets.figures import new_figure
    from matplotlib.patches import Rectangle

    pixels = _pixels(image)
    height, width = pixels.shape[:2]
    if isinstance(response_or_shapes, dict):
        items = shapes(response_or_shapes)
        marks = landmarks(response_or_shapes) if show_landmarks else []
    else:
        items, marks = [s if isinstance(s, Shape) else Shape("box", s, "") for s in response_or_shapes], []
    if ax is None:
        fig = new_figure(figsize=(6, 6 * height / width), dpi=90)
        ax = fig.add_axes([0, 0, 1, 1])
    ax.imshow(pixels)
    ax.set_axis_off()
    for shape in items:
        if kinds and shape.kind not in kinds:
            continue
        x, y, w, h = to_pixels(shape.box, width, height)
        colour = COLOURS.get(shape.kind, "#dc2626")
        ax.add_patch(Rectangle((x, y), w, h, fill=False, edgecolor=colour, lw=2))
        if shape.caption and shape.kind != "word":
            ax.text(x, max(0, y - 4), shape.caption, fontsize=8, color="white",
                    bbox={"facecolor": colour, "alpha": 0.8, "pad": 1, "edgecolor": "none"})
    if not kinds or "landmark" in kinds:
        for _, mx, my in marks:
            ax.plot(mx * width, my * height, "o", ms=3, color=COLOURS["landmark"])
    if title:
        ax.set_title(title)
    return ax.figure


def _outline(item, width: int, height: int):
    """A matplotlib patch's points for a BoundingBox, a Geometry or a Polygon (relative form)."""
    if isinstance(item, dict) and "Polygon" in item:
        item = item["Polygon"]
    elif isinstance(item, dict) and "BoundingBox" in item:
        item = item["BoundingBox"]
    if isinstance(item, dict):
        x, y, w, h = to_pixels(item, width, height)
        return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    return [(p["X"] * width, p["Y"] * height) for p in item]


def draw_boxes(image, boxes, labels=None, colors=None, ax=None, title: str | None = None):
    """Draw relative shapes over a picture; returns a matplotlib Figure that shows as a picture.

    `boxes` may mix BoundingBoxes ({Width, Height, Left, Top} in 0-1, as Rekognition and Textract
    write them), Geometry dicts (their Polygon is drawn when present) and Polygons ([{X, Y}, ...]).
    `labels` and `colors` are optional lists of the same length (or one colour for all).
    `image` is bytes, a file path or an RGB array.
    """
    from awsml_study.widgets.figures import new_figure
    from matplotlib.patches import Polygon

    pixels = _pixels(image)
    height, width = pixels.shape[:2]
    boxes = list(boxes)
    labels = list(labels) if labels is not None else [""] * len(boxes)
    if len(labels) != len(boxes):
        raise ValueError(f"{len(boxes)} boxes but {len(labels)} labels")
    palette = [colors] * len(boxes) if isinstance(colors, str) else list(colors or [])
    if ax is None:
        fig = new_figure(figsize=(6, 6 * height / width), dpi=90)
        ax = fig.add_axes([0, 0, 1, 1])
    ax.imshow(pixels)
    ax.set_axis_off()
    for i, (item, label) in enumerate(zip(boxes, labels)):
        colour = palette[i] if i < len(palette) else COLOURS["box"]
        points = _outline(item, width, height)
        ax.add_patch(Polygon(points, closed=True, fill=False, edgecolor=colour, lw=2))
        if label:
            x, y = min(p[0] for p in points), min(p[1] for p in points)
            ax.text(x, max(0, y - 4), str(label), fontsize=8, color="white",
                    bbox={"facecolor": colour, "alpha": 0.8, "pad": 1, "edgecolor": "none"})
    if title:
        ax.set_title(title)
    return ax.figure


def png(image, response, **options) -> bytes:
    buffer = io.BytesIO()
    draw(image, response, **options).savefig(buffer, format="png")
    return buffer.getvalue()


class BoxViewer:
    """Toggles for each kind of box in a response, and the picture with the chosen boxes.

    The widget is `self.box` (a VBox owning an Output); `update()` redraws; `boxes()` lists what is
    drawn, so a test can drive it without a kernel.
    """

    def __init__(self, image, response: dict):
        import ipywidgets as w

        self.image = image
        self.response = response
        present = sorted({s.kind for s in shapes(response)} | ({"landmark"} if landmarks(response) else set()))
        self.toggles = {k: w.Checkbox(value=k != "word", description=k, indent=False,
                                      layout=w.Layout(width="auto")) for k in present}
        for box in self.toggles.values():
            box.observe(lambda _: self.update(), names="value")
        self.output = w.Output()
        self.box = w.VBox([w.HBox(list(self.toggles.values())), self.output])
        self.update()

    def kinds(self) -> list[str]:
        return [k for k, box in self.toggles.items() if box.value]

    def boxes(self) -> list[Shape]:
        return [s for s in shapes(self.response) if s.kind in self.kinds()]

    def update(self) -> None:
        from IPython.display import Image, display
        self.output.clear_output(wait=True)
        with self.output:
            display(Image(data=png(self.image, self.response, kinds=self.kinds())))

    def _ipython_display_(self):
        from IPython.display import display
        display(self.box)
