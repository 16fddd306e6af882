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


def test_draw_boxes_takes_boxes_geometries_and_polygons():
    import numpy as np
    picture = np.full((100, 200, 3), 255, np.uint8)
    box = {"Width": 0.5, "Height": 0.2, "Left": 0.25, "Top": 0.1}
    polygon = [{"X": 0.1, "Y": 0.5}, {"X": 0.4, "Y": 0.5}, {"X": 0.4, "Y": 0.9}, {"X": 0.1, "Y": 0.9}]
    fig = boxes.draw_boxes(picture, [box, {"BoundingBox": box, "Polygon": polygon}, polygon],
                           ["a box", "a geometry", None], colors="#2563eb")
    ax = fig.axes[0]
    assert len(ax.patches) == 3 and [t.get_text() for t in ax.texts] == ["a box", "a geometry"]
    assert np.allclose(ax.patches[0].get_xy()[0], (50, 10))       # Left x width, Top x height
    assert np.allclose(ax.patches[1].get_xy()[0], (20, 50))       # a Geometry draws its Polygon
    import pytest
    with pytest.raises(ValueError):
        boxes.draw_boxes(picture, [box], ["one", "two"])
