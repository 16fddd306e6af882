"""Rekognition image operations: limits and errors, faces, labels, properties, text, moderation, PPE."""
import io

import boto3
import numpy as np
import pytest
from botocore.exceptions import ClientError

import awsml_study
from awsml_study import data
from awsml_study.engines.vision import image as imaging


def sample(name: str) -> bytes:
    return data.path(f"rekognition/{name}").read_bytes()


def png(rgb) -> bytes:
    return imaging.encode_png(np.asarray(rgb, np.uint8))


@pytest.fixture
def rek():
    with awsml_study.simulate():
        yield boto3.client("rekognition", region_name="us-east-1")


def put(key: str, body: bytes) -> dict:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="pics")
    s3.put_object(Bucket="pics", Key=key, Body=body)
    return {"S3Object": {"Bucket": "pics", "Name": key}}


def code_of(call, **params) -> str:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]["Code"]


# ----- image input: limits and errors -----

def test_image_limits_and_error_codes(rek):
    big_bytes = b"\xff\xd8\xff" + bytes(5 * 1024 * 1024)          # 5,242,883 bytes
    assert code_of(rek.detect_faces, Image={"Bytes": big_bytes}) == "ValidationException"
    assert code_of(rek.detect_faces, Image=put("big.jpg", b"\xff\xd8\xff" + bytes(15 * 1024 * 1024))) \
        == "ImageTooLargeException"
    assert code_of(rek.detect_labels, Image={"Bytes": png(np.zeros((79, 200, 3)))}) == "InvalidParameterException"
    assert code_of(rek.detect_faces, Image={"Bytes": sample("group.png")[:500]}) == "InvalidImageFormatException"
    assert code_of(rek.detect_text, Image={"Bytes": b"a plain text file\n"}) == "InvalidImageFormatException"
    assert code_of(rek.detect_faces, Image={"S3Object": {"Bucket": "pics", "Name": "none.jpg"}}) \
        == "InvalidS3ObjectException"


def test_bytes_just_under_the_limit_pass_validation(rek):
    # a real JPEG padded to the limit: the length check lets it through to decoding
    body = imaging.encode_jpeg(imaging.decode(sample("group.png")))
    padded = body + bytes(5 * 1024 * 1024 - len(body))
    assert len(padded) == 5_242_880
    assert len(rek.detect_faces(Image={"Bytes": padded})["FaceDetails"]) == 2


def test_jpeg_and_png_from_bytes_and_s3_give_the_same_faces(rek):
    rgb = imaging.decode(sample("group.png"))
    a = rek.detect_faces(Image={"Bytes": sample("group.png")})["FaceDetails"]
    b = rek.detect_faces(Image=put("group.jpg", imaging.encode_jpeg(rgb, 95)))["FaceDetails"]
    assert len(a) == len(b) == 2
    for fa, fb in zip(a, b):
        assert abs(fa["BoundingBox"]["Left"] - fb["BoundingBox"]["Left"]) < 0.02


# ----- DetectFaces -----

def test_face_boxes_follow_the_face(rek):
    rgb = imaging.decode(sample("portrait_ana.png"))
    canvas = np.full((rgb.shape[0], rgb.shape[1] * 2, 3), 200, np.uint8)
    canvas[:, rgb.shape[1]:] = rgb                       # the same face, moved to the right half
    left = rek.detect_faces(Image={"Bytes": png(rgb)})["FaceDetails"][0]["BoundingBox"]
    right = rek.detect_faces(Image={"Bytes": png(canvas)})["FaceDetails"][0]["BoundingBox"]
    assert right["Left"] > 0.5 and abs(right["Left"] - (0.5 + left["Left"] / 2)) < 0.03
    assert rek.detect_faces(Image={"Bytes": sample("street_sign.png")})["FaceDetails"] == []


def test_landmarks_pose_quality_and_attributes(rek):
    face = rek.detect_faces(Image={"Bytes": sample("portrait_ben.png")}, Attributes=["ALL"])["FaceDetails"][0]
    box = face["BoundingBox"]
    marks = {m["Type"]: m for m in face["Landmarks"]}
    assert marks["eyeLeft"]["X"] < marks["nose"]["X"] < marks["eyeRight"]["X"]
    assert marks["eyeLeft"]["Y"] < marks["nose"]["Y"] < marks["mouthLeft"]["Y"]
    for m in marks.values():
        assert box["Left"] <= m["X"] <= box["Left"] + box["Width"]
    assert abs(face["Pose"]["Roll"]) < 5
    assert face["EyesOpen"]["Value"] is True
    assert face["AgeRange"] == {"Low": 35, "High": 45} and face["Gender"]["Value"] == "Male"


def test_roll_follows_a_tilted_head(rek):
    import cv2
    rgb = imaging.decode(sample("portrait_ben.png"))
    h, w = rgb.shape[:2]
    rolls = []
    for angle in (8, -8):   # the frontal cascade finds faces tilted up to about 10 degrees
        turned = cv2.warpAffine(rgb, cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0), (w, h),
                                borderMode=cv2.BORDER_REPLICATE)
        rolls.append(rek.detect_faces(Image={"Bytes": png(turned)})["FaceDetails"][0]["Pose"]["Roll"])
    assert -12 < rolls[0] < -4 and 4 < rolls[1] < 12   # counter-clockwise turn: the right eye rises


def test_age_gender_emotions_only_for_annotated_samples(rek):
    rgb = imaging.decode(sample("portrait_ana.png"))
    copy = png(rgb[:, :-1])   # one column less: no longer the annotated file
    face = rek.detect_faces(Image={"Bytes": copy}, Attributes=["ALL"])["FaceDetails"][0]
    assert "Smile" in face and "EyesOpen" in face
    assert not {"AgeRange", "Gender", "Emotions"} & set(face)
    default = rek.detect_faces(Image={"Bytes": sample("portrait_ana.png")})["FaceDetails"][0]
    assert "AgeRange" not in default and "Smile" not in default


def test_quality_brightness_is_measured(rek):
    rgb = imaging.decode(sample("portrait_ben.png")).astype(int)
    dark = rek.detect_faces(Image={"Bytes": png(rgb * 0.6)})["FaceDetails"][0]["Quality"]["Brightness"]
    light = rek.detect_faces(Image={"Bytes": png(rgb)})["FaceDetails"][0]["Quality"]["Brightness"]
    assert dark < light * 0.7


# ----- DetectLabels -----

def test_labels_are_computed_for_any_picture(rek):
    rgb = imaging.decode(sample("group.png"))
    labels = {lb["Name"]: lb for lb in rek.detect_labels(Image={"Bytes": png(rgb[:, :-2])})["Labels"]}
    assert len(labels["Person"]["Instances"]) == 2 and "Human" in [a["Name"] for a in labels["Person"]["Aliases"]]
    assert "People" not in labels   # a manifest label: this copy is not the annotated file
    sign = {lb["Name"] for lb in rek.detect_labels(Image={"Bytes": sample("street_sign.png")})["Labels"]}
    assert {"Text", "Road Sign", "Outdoors"} <= sign
    doc = {lb["Name"] for lb in rek.detect_labels(Image={"Bytes": sample("document.png")})["Labels"]}
    assert {"Text", "Document"} <= doc


def test_max_labels_min_confidence_and_filters(rek):
    image = {"Bytes": sample("street_sign.png")}
    every = rek.detect_labels(Image=image, MinConfidence=0)["Labels"]
    assert [lb["Confidence"] for lb in every] == sorted((lb["Confidence"] for lb in every), reverse=True)
    assert len(rek.detect_labels(Image=image, MaxLabels=2)["Labels"]) == 2
    assert all(lb["Confidence"] >= 88 for lb in rek.detect_labels(Image=image, MinConfidence=88)["Labels"])
    only = rek.detect_labels(Image=image, Settings={"GeneralLabels": {"LabelInclusionFilters": ["Text", "Sky"]}})
    assert {lb["Name"] for lb in only["Labels"]} == {"Text", "Sky"}
    without = rek.detect_labels(Image=image, Settings={"GeneralLabels": {"LabelExclusionFilters": ["Text"]}})
    assert "Text" not in {lb["Name"] for lb in without["Labels"]} and without["Labels"]


def test_image_properties_are_measured(rek):
    red = np.zeros((120, 160, 3), np.uint8)
    red[:] = (220, 20, 30)
    red[40:80, 60:100] = (250, 250, 250)
    props = rek.detect_labels(Image={"Bytes": png(red)}, Features=["IMAGE_PROPERTIES"])["ImageProperties"]
    top = props["DominantColors"][0]
    assert top["SimplifiedColor"] == "red" and top["HexCode"].startswith("#") and top["PixelPercent"] > 70
    assert props["Foreground"]["DominantColors"][0]["SimplifiedColor"] == "white"
    dark = rek.detect_labels(Image={"Bytes": png(red // 3)}, Features=["IMAGE_PROPERTIES"])["ImageProperties"]
    assert dark["Quality"]["Brightness"] < props["Quality"]["Brightness"]


def test_max_dominant_colors_is_honoured(rek):
    sign = sample("street_sign.png")
    few = rek.detect_labels(Image={"Bytes": sign}, Features=["IMAGE_PROPERTIES"],
                            Settings={"ImageProperties": {"MaxDominantColors": 2}})["ImageProperties"]
    many = rek.detect_labels(Image={"Bytes": sign}, Features=["IMAGE_PROPERTIES"],
                             Settings={"ImageProperties": {"MaxDominantColors": 15}})["ImageProperties"]
    assert len(few["DominantColors"]) == 2 and 10 < len(many["DominantColors"]) <= 15
    assert code_of(rek.detect_labels, Image={"Bytes": sign}, Features=["IMAGE_PROPERTIES"],
                   Settings={"ImageProperties": {"MaxDominantColors": 21}}) == "InvalidParameterException"


# ----- DetectText -----

def test_text_words_and_lines_with_geometry(rek):
    import matplotlib.font_manager as fm
    from PIL import Image, ImageDraw, ImageFont
    img = Image.new("RGB", (520, 160), "white")
    font = ImageFont.truetype(fm.findfont("DejaVu Sans"), 40)
    ImageDraw.Draw(img).text((20, 50), "QUARTZ 4721 ZEBRA", font=font, fill="black")
    out = io.BytesIO()
    img.save(out, "PNG")
    found = rek.detect_text(Image={"Bytes": out.getvalue()})["TextDetections"]
    lines = [d for d in found if d["Type"] == "LINE"]
    words = [d for d in found if d["Type"] == "WORD"]
    assert [w["DetectedText"] for w in words] == ["QUARTZ", "4721", "ZEBRA"]
    assert {w["ParentId"] for w in words} == {lines[0]["Id"]}
    for d in found:
        assert len(d["Geometry"]["Polygon"]) == 4
        box = d["Geometry"]["BoundingBox"]
        assert 0 <= box["Left"] < box["Left"] + box["Width"] <= 1
    assert words[0]["Geometry"]["BoundingBox"]["Left"] < words[2]["Geometry"]["BoundingBox"]["Left"]


def test_text_filters(rek):
    found = rek.detect_text(Image={"Bytes": sample("street_sign.png")}, Filters={
        "RegionsOfInterest": [{"BoundingBox": {"Left": 0, "Top": 0, "Width": 1, "Height": 0.3}}]})
    assert [d["DetectedText"] for d in found["TextDetections"] if d["Type"] == "LINE"] == ["MAIN STREET"]


# ----- moderation and PPE: from the manifest only -----

def test_moderation_and_ppe_answer_only_for_annotated_samples(rek):
    labels = rek.detect_moderation_labels(Image={"Bytes": sample("alcohol.png")})["ModerationLabels"]
    assert {lb["Name"] for lb in labels} == {"Alcohol", "Alcoholic Beverages"}
    copy = png(imaging.decode(sample("alcohol.png"))[1:])
    assert rek.detect_moderation_labels(Image={"Bytes": copy})["ModerationLabels"] == []
    ppe = rek.detect_protective_equipment(Image={"Bytes": sample("worker.png")}, SummarizationAttributes={
        "MinConfidence": 80, "RequiredEquipmentTypes": ["HEAD_COVER", "FACE_COVER"]})
    assert ppe["Summary"]["PersonsWithoutRequiredEquipment"] == [0]
    assert rek.detect_protective_equipment(Image={"Bytes": sample("group.png")})["Persons"] == []


def test_cli_example_from_the_reference_page(capsys):
    from awsml_study import runner
    with awsml_study.simulate():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="my-bucket")
        s3.put_object(Bucket="my-bucket", Key="images/photo.jpg", Body=sample("celebrities/grace_hopper.jpg"))
        status = runner.run_aws_cli(["rekognition", "detect-labels", "--image",
                                     '{"S3Object":{"Bucket":"my-bucket","Name":"images/photo.jpg"}}',
                                     "--max-labels", "10", "--min-confidence", "75"])
    assert status == 0
    out = capsys.readouterr().out
    assert '"Name": "Person"' in out and '"Name": "Face"' in out


def test_text_stops_at_100_words_on_whole_lines(rek):
    import matplotlib.font_manager as fm
    from PIL import Image, ImageDraw, ImageFont
    font = ImageFont.truetype(fm.findfont("DejaVu Sans"), 20)
    img = Image.new("RGB", (900, 560), "white")
    d = ImageDraw.Draw(img)
    vocabulary = ["alpha", "bravo", "delta", "echo", "golf", "hotel", "india", "kilo", "lima", "mike"]
    for row in range(14):   # 14 lines of 10 words: 140 words on the page
        d.text((20, 20 + 38 * row), " ".join(vocabulary[(row + i) % 10] for i in range(10)), font=font, fill="black")
    out = io.BytesIO()
    img.save(out, "PNG")
    found = rek.detect_text(Image={"Bytes": out.getvalue()})["TextDetections"]
    words = [d for d in found if d["Type"] == "WORD"]
    lines = [d for d in found if d["Type"] == "LINE"]
    assert 90 <= len(words) <= 100
    assert sum(len(line["DetectedText"].split()) for line in lines) == len(words)


def test_grey_16_bit_cmyk_and_palette_pictures_are_read(rek):
    from PIL import Image
    rgb = imaging.decode(sample("group.png"))
    pictures = {"I;16": Image.fromarray(rgb[:, :, 0].astype(np.uint16) * 256),
                "P": Image.fromarray(rgb).convert("P"), "RGBA": Image.fromarray(rgb).convert("RGBA")}
    for mode, img in pictures.items():
        out = io.BytesIO()
        img.save(out, "PNG")
        assert len(rek.detect_faces(Image={"Bytes": out.getvalue()})["FaceDetails"]) == 2, mode
    out = io.BytesIO()
    Image.fromarray(rgb).convert("CMYK").save(out, "JPEG")
    assert len(rek.detect_faces(Image={"Bytes": out.getvalue()})["FaceDetails"]) == 2


def test_cat_faces_are_labelled_and_people_are_not_cats(rek):
    rgb = imaging.decode(sample("cat.png"))
    labels = {lb["Name"]: lb for lb in rek.detect_labels(Image={"Bytes": png(rgb[2:])})["Labels"]}
    assert len(labels["Cat"]["Instances"]) == 1 and "Animal" in [p["Name"] for p in labels["Cat"]["Parents"]]
    assert "Person" not in labels
    grace = {lb["Name"] for lb in rek.detect_labels(Image={"Bytes": png(imaging.decode(sample("celebrities/grace_hopper.jpg")))})["Labels"]}
    assert "Cat" not in grace and "Text" not in grace and "Person" in grace
