"""Rekognition DetectFaces: faces found by dlib's HOG detector (drawn ones by OpenCV cascades), attributes from the sample manifest."""
from __future__ import annotations

from awsml_study.services.rekognition.images import ENGINE_FACES, check_attributes, face_detail, faces_of, picture
from awsml_study.sim.registry import operation


@operation("rekognition", "DetectFaces", engine=ENGINE_FACES)
def detect_faces(params: dict) -> dict:
    from awsml_study.services.rekognition import manifest

    attributes = check_attributes(params.get("Attributes"))
    pic = picture(params.get("Image"))
    found = faces_of(pic)
    notes = manifest.face_annotations(pic.sha256)
    details = []
    for face in found:
        note = manifest.match_face(notes, pic.relative_box(face.box)) if notes else None
        details.append(face_detail(pic, face, attributes, note))
    return {"FaceDetails": details}
