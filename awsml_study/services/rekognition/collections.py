"""Rekognition: face collections, face search, CompareFaces and celebrities by a real face descriptor.

Each indexed face keeps the descriptor of its aligned, equalised crop (engines.faces.descriptor):
local binary pattern histograms, a histogram of oriented gradients and the hue/saturation of the
head. Search ranks faces by the cosine of descriptors, reported as Similarity 0-100.
"""
from __future__ import annotations

import re
import uuid

from awsml_study.services.rekognition.images import (ENGINE_CELEBRITIES, ENGINE_COMPARE, invalid,
                                              picture)
from awsml_study.sim import jobs, state
from awsml_study.sim.errors import AwsError, validation_error
from awsml_study.sim.registry import operation
from awsml_study.sim.s3io import REGION, account

ENGINE_COLLECTION = "rekognition/collections+lbp-hog-descriptor"
FACE_MODEL = "7.0"
COLLECTION_ID = re.compile(r"^[a-zA-Z0-9_.\-]+$")
EXTERNAL_ID = re.compile(r"^[a-zA-Z0-9_.\-:]+$")
QUALITY_FLOOR = {"NONE": 0.0, "AUTO": 2.0, "LOW": 1.0, "MEDIUM": 3.0, "HIGH": 6.0}  # Sharpness
NO_FACES = "There are no faces in the image. Should be at least 1."


def _collections() -> dict:
    return state.store("rekognition.collections")


def _check_id(collection_id) -> str:
    if not isinstance(collection_id, str) or not COLLECTION_ID.match(collection_id) \
            or len(collection_id) > 255:
        raise validation_error(collection_id, "collectionId",
                               "Member must satisfy regular expression pattern: [a-zA-Z0-9_.\\-]+")
    return collection_id


def _collection(collection_id) -> dict:
    found = _collections().get(_check_id(collection_id))
    if found is None:
        raise AwsError("ResourceNotFoundException",
                       f"The collection id: {collection_id} does not exist")
    return found


def _arn(collection_id: str) -> str:
    return f"aws:rekognition:{REGION}:{account()}:collection/{collection_id}"


def _threshold(value, name: str, default: float) -> float:
    value = default if value is None else value
    if not 0 <= value <= 100:
        raise invalid(f"{name} must be between 0 and 100")
    return float(value)


# ----- faces of a picture, with their descriptors -----

def described_faces(pic, limit: int = 100):
    """[(Face, descriptor)] of a picture, largest face first."""
    from awsml_study.engines.vision import faces
    return [(f, faces.descriptor(pic.rgb, f)) for f in faces.detect(pic.rgb, limit=limit)]


def compared_face(pic, face) -> dict:
    """Rekognition's ComparedFace: the face's box, confidence, landmarks, pose, quality, smile."""
    return {"BoundingBox": pic.relative_box(face.box), "Confidence": round(face.confidence, 4),
            "Landmarks": [{"Type": n, **pic.relative_point(p)} for n, p in face.landmarks.items()],
            "Pose": face.pose, "Quality": face.quality,
            "Smile": {"Value": face.smile[0], "Confidence": round(face.smile[1], 3)}}


def _public(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != "Vector"}


def _matches(collection: dict, vector, threshold: float, limit: int, skip: str | None = None):
    from awsml_study.engines.vision import faces
    scored = [(faces.similarity(vector, rec["Vector"]), rec)
              for face_id, rec in collection["Faces"].items() if face_id != skip]
    scored.sort(key=lambda item: -item[0])
    return [{"Similarity": sim, "Face": _public(rec)} for sim, rec in scored
            if sim >= threshold][:limit]


# ----- collections -----

@operation("rekognition", "CreateCollection", engine=ENGINE_COLLECTION)
def create_collection(params: dict) -> dict:
    collection_id = _check_id(params.get("CollectionId"))
    if collection_id in _collections():
        raise AwsError("ResourceAlreadyExistsException",
                       f"The collection id: {collection_id} already exists")
    _collections()[collection_id] = {"Created": jobs.now(), "Faces": {},
                                     "Tags": dict(params.get("Tags") or {})}
    return {"StatusCode": 200, "CollectionArn": _arn(collection_id), "FaceModelVersion": FACE_MODEL}


@operation("rekognition", "ListCollections", engine=ENGINE_COLLECTION)
def list_collections(params: dict) -> dict:
    ids = sorted(_collections())
    chunk, token = jobs.page(ids, params.get("MaxResults"), params.get("NextToken"), default=1000,
                             error_code="InvalidPaginationTokenException")
    out = {"CollectionIds": chunk, "FaceModelVersions": [FACE_MODEL] * len(chunk)}
    if token:
        out["NextToken"] = token
    return out


@operation("rekognition", "DescribeCollection", engine=ENGINE_COLLECTION)
def describe_collection(params: dict) -> dict:
    collection = _collection(params.get("CollectionId"))
    return {"FaceCount": len(collection["Faces"]), "FaceModelVersion": FACE_MODEL,
            "CollectionARN": _arn(params["CollectionId"]),
            "CreationTimestamp": collection["Created"], "UserCount": 0}


@operation("rekognition", "DeleteCollection", engine=ENGINE_COLLECTION)
def delete_collection(params: dict) -> dict:
    _collection(params.get("CollectionId"))
    del _collections()[params["CollectionId"]]
    return {"StatusCode": 200}


@operation("rekognition", "IndexFaces", engine=ENGINE_COLLECTION)
def index_faces(params: dict) -> dict:
    from awsml_study.services.rekognition.images import check_attributes, face_detail

    collection = _collection(params.get("CollectionId"))
    external = params.get("ExternalImageId")
    if external is not None and (not EXTERNAL_ID.match(external) or len(external) > 255):
        raise validation_error(external, "externalImageId",
                               "Member must satisfy regular expression pattern: [a-zA-Z0-9_.\\-:]+")
    max_faces = params.get("MaxFaces", 100)
    if not 1 <= max_faces <= 100:
        raise invalid("MaxFaces must be between 1 and 100")
    quality = params.get("QualityFilter", "AUTO")
    if quality not in QUALITY_FLOOR:
        raise invalid(f"QualityFilter must be one of {', '.join(QUALITY_FLOOR)}")
    attributes = check_attributes(params.get("DetectionAttributes"))
    pic = picture(params.get("Image"))
    image_id = str(uuid.uuid5(uuid.NAMESPACE_URL, "sha256:" + pic.sha256))
    records, unindexed = [], []
    for face, vector in described_faces(pic):
        detail = face_detail(pic, face, attributes)
        if face.quality["Sharpness"] < QUALITY_FLOOR[quality]:
            unindexed.append({"Reasons": ["LOW_SHARPNESS"], "FaceDetail": detail})
            continue
        if len(records) >= max_faces:
            unindexed.append({"Reasons": ["EXCEEDS_MAX_FACES"], "FaceDetail": detail})
            continue
        record = {"FaceId": str(uuid.uuid4()), "BoundingBox": pic.relative_box(face.box),
                  "ImageId": image_id, "Confidence": round(face.confidence, 4),
                  "IndexFacesModelVersion": FACE_MODEL}
        if external is not None:
            record["ExternalImageId"] = external
        collection["Faces"][record["FaceId"]] = {**record, "Vector": vector}
        records.append({"Face": record, "FaceDetail": detail})
    return {"FaceRecords": records, "FaceModelVersion": FACE_MODEL, "UnindexedFaces": unindexed}


@operation("rekognition", "ListFaces", engine=ENGINE_COLLECTION)
def list_faces(params: dict) -> dict:
    collection = _collection(params.get("CollectionId"))
    wanted = params.get("FaceIds")
    faces = [_public(rec) for rec in collection["Faces"].values()
             if not wanted or rec["FaceId"] in wanted]
    chunk, token = jobs.page(faces, params.get("MaxResults"), params.get("NextToken"), default=1000,
                             error_code="InvalidPaginationTokenException")
    out = {"Faces": chunk, "FaceModelVersion": FACE_MODEL}
    if token:
        out["NextToken"] = token
    return out


@operation("rekognition", "DeleteFaces", engine=ENGINE_COLLECTION)
def delete_faces(params: dict) -> dict:
    collection = _collection(params.get("CollectionId"))
    ids = params.get("FaceIds") or []
    deleted = [i for i in ids if collection["Faces"].pop(i, None) is not None]
    failed = [{"FaceId": i, "Reasons": ["FACE_NOT_FOUND"]} for i in ids if i not in deleted]
    return {"DeletedFaces": deleted, "UnsuccessfulFaceDeletions": failed}


@operation("rekognition", "SearchFaces", engine=ENGINE_COLLECTION)
def search_faces(params: dict) -> dict:
    collection = _collection(params.get("CollectionId"))
    face_id = params.get("FaceId")
    if face_id not in collection["Faces"]:
        raise invalid(f"FaceId {face_id} is not in collection {params['CollectionId']}")
    threshold = _threshold(params.get("FaceMatchThreshold"), "FaceMatchThreshold", 80.0)
    matches = _matches(collection, collection["Faces"][face_id]["Vector"], threshold,
                       params.get("MaxFaces", 4096), skip=face_id)
    return {"SearchedFaceId": face_id, "FaceMatches": matches, "FaceModelVersion": FACE_MODEL}


@operation("rekognition", "SearchFacesByImage", engine=ENGINE_COLLECTION)
def search_faces_by_image(params: dict) -> dict:
    collection = _collection(params.get("CollectionId"))
    threshold = _threshold(params.get("FaceMatchThreshold"), "FaceMatchThreshold", 80.0)
    pic = picture(params.get("Image"))
    found = described_faces(pic, limit=1)  # the largest face is the one searched for
    if not found:
        raise invalid(NO_FACES)
    face, vector = found[0]
    return {"SearchedFaceBoundingBox": pic.relative_box(face.box),
            "SearchedFaceConfidence": round(face.confidence, 4),
            "FaceMatches": _matches(collection, vector, threshold, params.get("MaxFaces", 4096)),
            "FaceModelVersion": FACE_MODEL}


@operation("rekognition", "CompareFaces", engine=ENGINE_COMPARE)
def compare_faces(params: dict) -> dict:
    from awsml_study.engines.vision import faces as engine

    threshold = _threshold(params.get("SimilarityThreshold"), "SimilarityThreshold", 80.0)
    source = picture(params.get("SourceImage"), path="sourceImage")
    target = picture(params.get("TargetImage"), path="targetImage")
    found = described_faces(source, limit=1)
    if not found:
        raise invalid(NO_FACES)
    face, vector = found[0]
    matches, unmatched = [], []
    for other, other_vector in described_faces(target, limit=100):
        similarity = engine.similarity(vector, other_vector)
        if similarity >= threshold:
            matches.append({"Similarity": similarity, "Face": compared_face(target, other)})
        else:
            unmatched.append(compared_face(target, other))
    matches.sort(key=lambda m: -m["Similarity"])
    return {"SourceImageFace": {"BoundingBox": source.relative_box(face.box),
                                "Confidence": round(face.confidence, 4)},
            "FaceMatches": matches, "UnmatchedFaces": unmatched}


# ----- celebrities: a gallery the learner can open (data/rekognition/celebrities) -----

CELEBRITY_MATCH = 80.0   # similarity from which a gallery face is named


def _gallery() -> list[dict]:
    """Gallery entries with the descriptor of each portrait's largest face (computed once)."""
    import json

    from awsml_study import data
    from awsml_study.engines.vision import faces, image

    cache = state.store("rekognition.gallery-cache")  # emptied with the simulation; cheap to rebuild
    if "entries" not in cache:
        entries = json.loads(data.path("rekognition/celebrities/gallery.json").read_text("utf-8"))
        for entry in entries:
            rgb = image.decode(data.path(f"rekognition/celebrities/{entry['File']}").read_bytes())
            found = faces.detect(rgb, limit=1)
            entry["Vector"] = faces.descriptor(rgb, found[0]) if found else None
        cache["entries"] = [e for e in entries if e["Vector"] is not None]
    return cache["entries"]


def _celebrity_info(entry: dict) -> dict:
    # The last Url says where the answer came from: the kit's gallery, matched by its descriptor.
    gallery = (f"awsml-study gallery: data/rekognition/celebrities/{entry['File']} "
               f"(matched by the kit's face descriptor, not AWS's catalogue)")
    return {"Urls": [*entry["Urls"], gallery], "Name": entry["Name"],
            "KnownGender": {"Type": entry["KnownGender"]}}


@operation("rekognition", "RecognizeCelebrities", engine=ENGINE_CELEBRITIES)
def recognize_celebrities(params: dict) -> dict:
    from awsml_study.engines.vision import faces

    pic = picture(params.get("Image"))
    gallery = _gallery()
    known, unknown = [], []
    for face, vector in described_faces(pic, limit=64):
        scored = sorted(((faces.similarity(vector, e["Vector"]), e) for e in gallery),
                        key=lambda item: -item[0])
        if scored and scored[0][0] >= CELEBRITY_MATCH:
            score, entry = scored[0]
            known.append({**_celebrity_info(entry), "Id": entry["Id"],
                          "Face": compared_face(pic, face), "MatchConfidence": score})
        else:
            unknown.append(compared_face(pic, face))
    return {"CelebrityFaces": known, "UnrecognizedFaces": unknown}


@operation("rekognition", "GetCelebrityInfo", engine=ENGINE_CELEBRITIES)
def get_celebrity_info(params: dict) -> dict:
    for entry in _gallery():
        if entry["Id"] == params.get("Id"):
            return _celebrity_info(entry)
    raise AwsError("ResourceNotFoundException",
                   f"The celebrity id {params.get('Id')} is not in the gallery")


def vectors_of(collection_id: str) -> dict:
    """FaceId -> descriptor of a collection (for notebooks and tests that look inside)."""
    return {fid: rec["Vector"] for fid, rec in _collection(collection_id)["Faces"].items()}
