"""The box widget: shapes read from any Rekognition response, drawn in pixels."""
import boto3

import awsml_study
from awsml_study import data
from awsml_study.widgets import boxes


def test_shapes_and_viewer_follow_the_response():
    group = data.path("rekognition/group.png").read_bytes()
    with awsml_study.simulate():
        rek = boto3.client("rekognition", region_name="us-east-1")
        faces = rek.detect_faces(Image={"Bytes": group})
        text = rek.detect_text(Image={"Bytes": data.path("rekognition/street_sign.png").read_bytes()})
    found = boxes.shapes(faces)
    assert [s.kind for s in found] == ["face", "face"]
    assert boxes.to_pixels(found[0].box, 640, 400)[0] == found[0].box["Left"] * 640
    assert {s.kind for s in boxes.shapes(text)} == {"line", "word"}
    viewer = boxes.BoxViewer(group, faces)
    assert len(viewer.boxes()) == 2
    viewer.toggles["face"].value = False
    assert viewer.boxes() == []
    assert boxes.png(group, faces)[:4] == b"\x89PNG"
