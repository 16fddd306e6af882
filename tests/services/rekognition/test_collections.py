"""Rekognition face collections, face search, CompareFaces and celebrities by the face descriptor."""
import boto3
import cv2
import numpy as np
import pytest
from botocore.exceptions import ClientError

import awsml_study
from awsml_study import data
from awsml_study.engines.vision import image as imaging


def sample(name: str) -> bytes:
    return data.path(f"rekognition/{name}").read_bytes()


GRACE = sample("celebrities/grace_hopper.jpg")


def resized(body: bytes, scale: float) -> bytes:
    rgb = imaging.decode(body)
    return imaging.encode_jpeg(cv2.resize(rgb, (int(rgb.shape[1] * scale), int(rgb.shape[0] * scale))))


def cropped(body: bytes, margin: float) -> bytes:
    rgb = imaging.decode(body)
    h, w = rgb.shape[:2]
    return imaging.encode_png(rgb[int(h * margin * 0.5): int(h * (1 - margin)), int(w * margin): int(w * (1 - margin))])


@pytest.fixture
def rek():
    with awsml_study.simulate():
        yield boto3.client("rekognition", region_name="us-east-1")


def code_of(call, **params) -> str:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]["Code"]


def test_collection_lifecycle(rek):
    arn = rek.create_collection(CollectionId="staff")["CollectionArn"]
    assert arn.endswith(":collection/staff")
    assert code_of(rek.create_collection, CollectionId="staff") == "ResourceAlreadyExistsException"
    assert rek.list_collections()["CollectionIds"] == ["staff"]
    assert rek.describe_collection(CollectionId="staff")["FaceCount"] == 0
    rek.delete_collection(CollectionId="staff")
    for call in (rek.describe_collection, rek.delete_collection, rek.list_faces):
        assert code_of(call, CollectionId="staff") == "ResourceNotFoundException"


def test_face_ids_are_consistent_across_index_list_and_search(rek):
    rek.create_collection(CollectionId="team")
    grace = rek.index_faces(CollectionId="team", Image={"Bytes": GRACE}, ExternalImageId="grace")
    group = rek.index_faces(CollectionId="team", Image={"Bytes": sample("group.png")}, ExternalImageId="group")
    ids = [r["Face"]["FaceId"] for r in grace["FaceRecords"] + group["FaceRecords"]]
    assert len(ids) == 3 and len(set(ids)) == 3
    listed = rek.list_faces(CollectionId="team")["Faces"]
    assert sorted(f["FaceId"] for f in listed) == sorted(ids)
    assert rek.describe_collection(CollectionId="team")["FaceCount"] == 3
    page = rek.list_faces(CollectionId="team", MaxResults=2)
    rest = rek.list_faces(CollectionId="team", NextToken=page["NextToken"])
    assert len(page["Faces"]) == 2 and len(rest["Faces"]) == 1
    found = rek.search_faces(CollectionId="team", FaceId=ids[1], FaceMatchThreshold=0)
    assert found["SearchedFaceId"] == ids[1]
    assert {m["Face"]["FaceId"] for m in found["FaceMatches"]} == {ids[0], ids[2]}


@pytest.mark.parametrize("copy", [lambda b: resized(b, 0.5), lambda b: resized(b, 1.6),
                                  lambda b: cropped(b, 0.12)], ids=["half", "larger", "cropped"])
def test_a_copy_of_a_face_matches_its_indexed_face(rek, copy):
    rek.create_collection(CollectionId="c")
    grace = rek.index_faces(CollectionId="c", Image={"Bytes": GRACE})["FaceRecords"][0]["Face"]["FaceId"]
    rek.index_faces(CollectionId="c", Image={"Bytes": sample("portrait_ana.png")})
    rek.index_faces(CollectionId="c", Image={"Bytes": sample("portrait_ben.png")})
    matches = rek.search_faces_by_image(CollectionId="c", Image={"Bytes": copy(GRACE)},
                                        FaceMatchThreshold=0)["FaceMatches"]
    assert matches[0]["Face"]["FaceId"] == grace and matches[0]["Similarity"] >= 90
    assert all(m["Similarity"] < 60 for m in matches[1:])


def test_drawn_people_match_their_own_copy_best(rek):
    rek.create_collection(CollectionId="d")
    ids = {name: rek.index_faces(CollectionId="d", Image={"Bytes": sample(f"portrait_{name}.png")},
                                 ExternalImageId=name)["FaceRecords"][0]["Face"]["FaceId"]
           for name in ("ana", "ben")}
    for name in ("ana", "ben"):
        matches = rek.search_faces_by_image(CollectionId="d", Image={"Bytes": resized(sample(f"portrait_{name}.png"), 0.6)},
                                            FaceMatchThreshold=0)["FaceMatches"]
        assert matches[0]["Face"]["FaceId"] == ids[name] and matches[0]["Face"]["ExternalImageId"] == name
        assert matches[0]["Similarity"] > matches[1]["Similarity"] + 15


def test_delete_faces(rek):
    rek.create_collection(CollectionId="e")
    face_id = rek.index_faces(CollectionId="e", Image={"Bytes": GRACE})["FaceRecords"][0]["Face"]["FaceId"]
    gone = rek.delete_faces(CollectionId="e", FaceIds=[face_id, "11111111-1111-1111-1111-111111111111"])
    assert gone["DeletedFaces"] == [face_id]
    assert gone["UnsuccessfulFaceDeletions"][0]["Reasons"] == ["FACE_NOT_FOUND"]
    assert rek.list_faces(CollectionId="e")["Faces"] == []
    assert code_of(rek.search_faces, CollectionId="e", FaceId=face_id) == "InvalidParameterException"


def test_max_faces_leaves_faces_unindexed(rek):
    rek.create_collection(CollectionId="f")
    out = rek.index_faces(CollectionId="f", Image={"Bytes": sample("group.png")}, MaxFaces=1)
    assert len(out["FaceRecords"]) == 1 and out["UnindexedFaces"][0]["Reasons"] == ["EXCEEDS_MAX_FACES"]


def test_compare_faces(rek):
    same = rek.compare_faces(SourceImage={"Bytes": GRACE}, TargetImage={"Bytes": resized(GRACE, 0.7)})
    assert same["FaceMatches"] and same["FaceMatches"][0]["Similarity"] >= 90
    other = rek.compare_faces(SourceImage={"Bytes": GRACE}, TargetImage={"Bytes": sample("group.png")})
    assert other["FaceMatches"] == [] and len(other["UnmatchedFaces"]) == 2
    assert code_of(rek.compare_faces, SourceImage={"Bytes": sample("street_sign.png")},
                   TargetImage={"Bytes": GRACE}) == "InvalidParameterException"


def test_celebrities_from_the_gallery(rek):
    found = rek.recognize_celebrities(Image={"Bytes": resized(GRACE, 0.6)})
    assert [c["Name"] for c in found["CelebrityFaces"]] == ["Grace Hopper"]
    assert found["CelebrityFaces"][0]["MatchConfidence"] >= 90
    info = rek.get_celebrity_info(Id=found["CelebrityFaces"][0]["Id"])
    assert info["Name"] == "Grace Hopper"
    assert any("celebrities/grace_hopper.jpg" in url for url in info["Urls"])
    strangers = rek.recognize_celebrities(Image={"Bytes": sample("group.png")})
    assert strangers["CelebrityFaces"] == [] and len(strangers["UnrecognizedFaces"]) == 2
