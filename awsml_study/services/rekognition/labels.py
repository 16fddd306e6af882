"""Rekognition: labels, image properties, text, moderation and protective equipment of an image.

Computed for any picture: Person/Face (face cascade), Cat (cat-face cascade), Text and Document
(OCR), image properties (pixels). From the Ground Truth manifest, for the kit's samples only:
general object and scene labels, moderation labels, protective equipment.
"""
from __future__ import annotations

from awsml_study.engines.documents.strips import ocr_lines
from awsml_study.services.rekognition.images import invalid, picture
from awsml_study.sim.registry import operation

ENGINE_LABELS = "rekognition/opencv-haar+rapidocr+pixels+sample-manifest"
ENGINE_TEXT = "rekognition/rapidocr-ppocrv4"
ENGINE_MODERATION = "rekognition/sample-manifest"
ENGINE_PPE = "rekognition/sample-manifest"

LABEL_FEATURES = ("GENERAL_LABELS", "IMAGE_PROPERTIES")
MAX_WORDS = 100
DOCUMENT_WORDS = 20     # OCR words from which a picture is also labelled Document
TEXT_CONFIDENCE = 70.0  # OCR lines below this confidence do not make a picture "Text"

# Parents, aliases and categories of the labels the kit can name (Rekognition's taxonomy style).
TAXONOMY = {
    "Person": ([], ["Human"], "Person Description"),
    "Face": (["Head", "Person"], [], "Person Description"),
    "Head": (["Person"], [], "Person Description"),
    "People": (["Person"], [], "Person Description"),
    "Portrait": (["Face", "Head", "Person", "Photography"], [], "Person Description"),
    "Text": ([], [], "Text and Documents"),
    "Document": (["Text"], [], "Text and Documents"),
    "Page": (["Text"], [], "Text and Documents"),
    "Paper": ([], [], "Text and Documents"),
    "Road Sign": (["Sign", "Symbol"], [], "Travel and Transportation"),
    "Sign": (["Symbol"], [], "Text and Documents"),
    "Cat": (["Animal", "Mammal", "Pet"], [], "Animals and Pets"),
    "Bottle": ([], [], "Food and Beverage"),
    "Wine Glass": (["Glass"], [], "Food and Beverage"),
    "Alcohol": (["Beverage"], [], "Food and Beverage"),
    "Hardhat": (["Clothing", "Helmet"], ["Hard Hat"], "Apparel and Accessories"),
    "Vest": (["Clothing"], [], "Apparel and Accessories"),
    "Clothing": ([], ["Apparel"], "Apparel and Accessories"),
    "Hat": (["Clothing"], [], "Apparel and Accessories"),
    "Military Uniform": (["Clothing", "Military"], [], "Apparel and Accessories"),
}


def _label(name: str, confidence: float, instances=None) -> dict:
    parents, aliases, category = TAXONOMY.get(name, ([], [], "Miscellaneous"))
    return {"Name": name, "Confidence": float(round(confidence, 4)),
            "Instances": instances or [],
            "Parents": [{"Name": p} for p in parents],
            "Aliases": [{"Name": a} for a in aliases],
            "Categories": [{"Name": category}]}


def _person_box(pic, box) -> dict:
    """A head-and-shoulders box estimated from a face box (2.2 face widths, 3 face heights)."""
    x, y, w, h = box
    left, top = max(0.0, x - 0.6 * w), max(0.0, y - 0.25 * h)
    right, bottom = min(pic.width, x + 1.6 * w), min(pic.height, y + 2.75 * h)
    return pic.relative_box((left, top, right - left, bottom - top))


def computed_labels(pic) -> list[dict]:
    """The labels the kit's engines find in any picture."""
    from awsml_study.engines.vision import faces

    found = faces.detect(pic.rgb, analyse=False)
    labels = []
    if found:
        top = max(f.confidence for f in found)
        labels.append(_label("Person", top, [{"BoundingBox": _person_box(pic, f.box),
                                              "Confidence": round(f.confidence, 3)} for f in found]))
        labels.append(_label("Face", top, [{"BoundingBox": pic.relative_box(f.box),
                                            "Confidence": round(f.confidence, 3)} for f in found]))
    cats, counts = faces.run_cascade("frontalcatface_extended", pic.grey, counts=True, scaleFactor=1.1,
                                     minNeighbors=6, minSize=(48, 48))
    if len(cats):
        conf = [faces._confidence(float(n), 12.0) for n in counts]
        labels.append(_label("Cat", max(conf), [{"BoundingBox": pic.relative_box(tuple(map(float, b))),
                                                 "Confidence": round(c, 3)} for b, c in zip(cats, conf)]))
    # Text needs letters or digits read with some confidence: a star on a uniform is not text.
    lines = [line for line in ocr_lines(pic.rgb)
             if line.confidence >= TEXT_CONFIDENCE and any(ch.isalnum() for ch in line.text)]
    if lines:
        words = sum(len(line.words) for line in lines)
        mean = sum(line.confidence for line in lines) / len(lines)
        labels.append(_label("Text", mean))
        if words >= DOCUMENT_WORDS:
            labels.append(_label("Document", min(99.0, mean * min(1.0, words / 40))))
    return labels


def _merge(labels: list[dict]) -> list[dict]:
    merged: dict[str, dict] = {}
    for label in labels:
        have = merged.get(label["Name"])
        if have is None:
            merged[label["Name"]] = label
        else:
            have["Confidence"] = max(have["Confidence"], label["Confidence"])
            if not have["Instances"]:
                have["Instances"] = label["Instances"]
    return list(merged.values())


def _filters(settings) -> tuple[set, set, set, set]:
    general = (settings or {}).get("GeneralLabels") or {}
    return tuple(set(general.get(key) or []) for key in (
        "LabelInclusionFilters", "LabelExclusionFilters",
        "LabelCategoryInclusionFilters", "LabelCategoryExclusionFilters"))


@operation("rekognition", "DetectLabels", engine=ENGINE_LABELS)
def detect_labels(params: dict) -> dict:
    from awsml_study.engines.vision import image as imaging
    from awsml_study.services.rekognition import manifest

    max_labels = params.get("MaxLabels", 1000)
    min_conf = params.get("MinConfidence", 55.0)
    if not 0 <= min_conf <= 100:
        raise invalid("MinConfidence must be between 0 and 100")
    features = params.get("Features") or ["GENERAL_LABELS"]
    if any(f not in LABEL_FEATURES for f in features):
        raise invalid(f"Features must be {' or '.join(LABEL_FEATURES)}")
    include, exclude, cat_in, cat_out = _filters(params.get("Settings"))
    pic = picture(params.get("Image"), max_side=10_000)
    response: dict = {"LabelModelVersion": "3.0"}
    if "GENERAL_LABELS" in features:
        notes = [_label(n["Name"], n["Confidence"], n["Instances"])
                 for n in manifest.labels(pic.sha256)]
        labels = _merge(computed_labels(pic) + notes)
        labels = [lb for lb in labels if lb["Confidence"] >= min_conf
                  and (not include or lb["Name"] in include) and lb["Name"] not in exclude
                  and (not cat_in or lb["Categories"][0]["Name"] in cat_in)
                  and lb["Categories"][0]["Name"] not in cat_out]
        labels.sort(key=lambda lb: -lb["Confidence"])
        response["Labels"] = labels[:max_labels]
    else:
        response["Labels"] = []
    if "IMAGE_PROPERTIES" in features:
        limit = ((params.get("Settings") or {}).get("ImageProperties") or {}).get("MaxDominantColors", 10)
        if not isinstance(limit, int) or not 0 <= limit <= 20:
            raise invalid("Settings.ImageProperties.MaxDominantColors must be between 0 and 20")
        response["ImageProperties"] = imaging.properties(pic.rgb, max_colours=limit)
    return response


# ----- text -----

def _geometry(pic, polygon) -> dict:
    xs = [p[0] for p in polygon]
    ys = [p[1] for p in polygon]
    box = (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    return {"BoundingBox": pic.relative_box(box),
            "Polygon": [pic.relative_point(p) for p in polygon]}


def _inside(geometry: dict, regions: list[dict]) -> bool:
    if not regions:
        return True
    box = geometry["BoundingBox"]
    cx, cy = box["Left"] + box["Width"] / 2, box["Top"] + box["Height"] / 2
    for region in regions:
        r = region.get("BoundingBox")
        if r and r["Left"] <= cx <= r["Left"] + r["Width"] and r["Top"] <= cy <= r["Top"] + r["Height"]:
            return True
    return False


@operation("rekognition", "DetectText", engine=ENGINE_TEXT)
def detect_text(params: dict) -> dict:
    filters = params.get("Filters") or {}
    word_filter = filters.get("WordFilter") or {}
    regions = filters.get("RegionsOfInterest") or []
    pic = picture(params.get("Image"))
    lines_out, words_out = [], []
    for line in ocr_lines(pic.rgb):
        geometry = _geometry(pic, line.polygon)
        words = []
        for word in line.words:
            g = _geometry(pic, word.polygon)
            if (word.confidence < word_filter.get("MinConfidence", 0)
                    or g["BoundingBox"]["Height"] < word_filter.get("MinBoundingBoxHeight", 0)
                    or g["BoundingBox"]["Width"] < word_filter.get("MinBoundingBoxWidth", 0)
                    or not _inside(g, regions)):
                continue
            words.append((word, g))
        if not words:
            continue
        if len(words_out) + len(words) > MAX_WORDS:  # DetectText reports up to 100 words
            break
        line_id = len(lines_out)
        lines_out.append({"DetectedText": " ".join(w.text for w, _ in words), "Type": "LINE",
                          "Id": line_id, "Confidence": round(line.confidence, 4),
                          "Geometry": geometry})
        words_out += [(line_id, w, g) for w, g in words]
    detections = lines_out + [
        {"DetectedText": w.text, "Type": "WORD", "Id": len(lines_out) + i, "ParentId": parent,
         "Confidence": round(w.confidence, 4), "Geometry": g}
        for i, (parent, w, g) in enumerate(words_out)]
    return {"TextDetections": detections, "TextModelVersion": "3.0"}


# ----- moderation and protective equipment: the sample manifest only -----

@operation("rekognition", "DetectModerationLabels", engine=ENGINE_MODERATION)
def detect_moderation_labels(params: dict) -> dict:
    from awsml_study.services.rekognition import manifest

    min_conf = params.get("MinConfidence", 50.0)
    if not 0 <= min_conf <= 100:
        raise invalid("MinConfidence must be between 0 and 100")
    if params.get("ProjectVersion"):
        raise invalid("custom moderation adapters (ProjectVersion) are not simulated")
    pic = picture(params.get("Image"), max_side=10_000)
    labels = [dict(lb) for lb in manifest.moderation(pic.sha256) if lb["Confidence"] >= min_conf]
    return {"ModerationLabels": labels, "ModerationModelVersion": "7.0"}


PPE_BYTES = 4 * 1024 * 1024
PPE_TYPES = ("FACE_COVER", "HAND_COVER", "HEAD_COVER")


@operation("rekognition", "DetectProtectiveEquipment", engine=ENGINE_PPE)
def detect_protective_equipment(params: dict) -> dict:
    from awsml_study.services.rekognition import manifest

    summary_request = params.get("SummarizationAttributes")
    if summary_request is not None:
        types = summary_request.get("RequiredEquipmentTypes") or []
        if not types or any(t not in PPE_TYPES for t in types):
            raise invalid(f"RequiredEquipmentTypes must list {', '.join(PPE_TYPES)}")
    pic = picture(params.get("Image"), bytes_limit=PPE_BYTES, min_side=64, max_side=4096)
    found = manifest.ppe(pic.sha256)
    persons = []
    if found:
        annotated, size = found
        for i, person in enumerate(annotated[:15]):
            parts = [{"Name": part["Name"], "Confidence": part["Confidence"],
                      "EquipmentDetections": [
                          {"BoundingBox": manifest.relative(eq, size), "Confidence": eq["Confidence"],
                           "Type": eq["Type"], "CoversBodyPart": {
                               "Confidence": eq["Confidence"], "Value": eq["CoversBodyPart"]}}
                          for eq in part["equipment"]]}
                     for part in person["body_parts"]]
            persons.append({"BodyParts": parts, "BoundingBox": manifest.relative(person, size),
                            "Confidence": 95.0, "Id": i})
    response = {"ProtectiveEquipmentModelVersion": "1.0", "Persons": persons}
    if summary_request is not None:
        need = set(summary_request["RequiredEquipmentTypes"])
        floor = summary_request.get("MinConfidence", 80.0)
        with_all, without, unknown = [], [], []
        for person in persons:
            worn = {eq["Type"] for part in person["BodyParts"] for eq in part["EquipmentDetections"]
                    if eq["Confidence"] >= floor and eq["CoversBodyPart"]["Value"]}
            (with_all if need <= worn else without).append(person["Id"])
        response["Summary"] = {"PersonsWithRequiredEquipment": with_all,
                               "PersonsWithoutRequiredEquipment": without,
                               "PersonsIndeterminate": unknown}
    return response
