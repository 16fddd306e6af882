"""The notebook's self-checks accept the right answer and reject a wrong one."""
import boto3

import awsml_study
from awsml_study import data
from awsml_study.exercises import rekognition as ex


def test_self_checks():
    box = {"Left": 0.25, "Top": 0.1, "Width": 0.5, "Height": 0.4}
    assert ex.check_pixels(box, 200, 100, (50, 10, 150, 50))
    assert not ex.check_pixels(box, 200, 100, (0.25, 0.1, 0.5, 0.4))
    assert ex.check_choices(dict(ex.CHOICES))
    assert not ex.check_choices({**ex.CHOICES, next(iter(ex.CHOICES)): "DetectText"})
    group = data.path("rekognition/group.png").read_bytes()
    with awsml_study.simulate():
        rek = boto3.client("rekognition", region_name="us-east-1")
        rek.create_collection(CollectionId="ex")
        ids = [r["Face"]["FaceId"] for r in rek.index_faces(CollectionId="ex", Image={"Bytes": group})["FaceRecords"]]
        best = rek.search_faces_by_image(CollectionId="ex", Image={"Bytes": group})["FaceMatches"][0]["Face"]["FaceId"]
        assert ex.check_face_search(rek, "ex", group, best)
        assert not ex.check_face_search(rek, "ex", group, next(i for i in ids if i != best))
        text = rek.detect_text(Image={"Bytes": data.path("rekognition/street_sign.png").read_bytes()})
        words = sum(d["Type"] == "WORD" for d in text["TextDetections"])
        assert ex.check_word_count(text, words) and not ex.check_word_count(text, len(text["TextDetections"]))


def test_policy_decision_follows_iam_evaluation_order():
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "rekognition:Detect*", "Resource": "*"},
        {"Effect": "Deny", "Action": ["rekognition:DetectFaces"], "Resource": "*"}]}
    assert ex.policy_decision(policy, "rekognition:DetectLabels") == "allowed"
    assert ex.policy_decision(policy, "rekognition:DetectFaces") == "explicitDeny"
    assert ex.policy_decision(policy, "rekognition:IndexFaces") == "implicitDeny"
    good = {"Statement": [
        {"Effect": "Allow", "Action": ["rekognition:DetectModerationLabels", "rekognition:DetectLabels"], "Resource": "*"},
        {"Effect": "Deny", "Action": ["rekognition:CreateCollection", "rekognition:IndexFaces"], "Resource": "*"}]}
    assert ex.check_policy(good)
    assert not ex.check_policy({"Statement": [{"Effect": "Allow", "Action": "rekognition:*", "Resource": "*"}]})
