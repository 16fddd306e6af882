"""Representative valid calls and error cases for every simulated Rekognition operation."""
import functools
import io

BUCKET = "contract-rekognition"


def sample(name: str) -> bytes:
    from awsml_study import data
    return data.path(f"rekognition/{name}").read_bytes()


@functools.lru_cache(maxsize=1)
def tiny_png() -> bytes:
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (60, 60), "white").save(out, "PNG")
    return out.getvalue()


def _put(make, key: str, body: bytes) -> dict:
    s3 = make("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key=key, Body=body)
    return {"S3Object": {"Bucket": BUCKET, "Name": key}}


FACE = lambda make: {"Bytes": sample("portrait_ana.png")}  # noqa: E731
UNKNOWN_FACE = "11111111-1111-1111-1111-111111111111"
MISSING = {"S3Object": {"Bucket": BUCKET, "Name": "missing.jpg"}}


def _missing(make):
    make("s3").create_bucket(Bucket=BUCKET)
    return {"Image": MISSING}


def _collection(make, name: str = "contract-faces") -> str:
    make("rekognition").create_collection(CollectionId=name)
    return name


def _indexed(make) -> tuple[str, str]:
    name = _collection(make)
    record = make("rekognition").index_faces(CollectionId=name, Image=FACE(make),
                                             ExternalImageId="ana")["FaceRecords"][0]
    return name, record["Face"]["FaceId"]


def _search(make):
    name, face_id = _indexed(make)
    return {"CollectionId": name, "FaceId": face_id, "FaceMatchThreshold": 0}


def _video(make) -> dict:
    return {"Video": _put(make, "clip.mp4", sample("street_video.mp4"))}


def _video_job(start: str, extra=None):
    def build(make):
        job = getattr(make("rekognition"), start)(**_video(make), **(extra or {}))
        return {"JobId": job["JobId"], "MaxResults": 5}
    return build


def _project(make, name: str = "contract-logos") -> str:
    return make("rekognition").create_project(ProjectName=name)["ProjectArn"]


def _version_request(make, arn: str, name: str = "v1") -> dict:
    from awsml_study.exercises.rekognition import upload_logo_dataset
    key = upload_logo_dataset(make("s3"), "contract-custom", per_class=6)
    return {"ProjectArn": arn, "VersionName": name,
            "OutputConfig": {"S3Bucket": "contract-custom", "S3KeyPrefix": "out"},
            "TrainingData": {"Assets": [{"GroundTruthManifest": {"S3Object": {
                "Bucket": "contract-custom", "Name": key}}}]},
            "TestingData": {"AutoCreate": True}}


def _trained(make, start: bool = False) -> tuple[str, str]:
    rek = make("rekognition")
    arn = _project(make)
    version = rek.create_project_version(**_version_request(make, arn))["ProjectVersionArn"]
    rek.describe_project_versions(ProjectArn=arn)
    if start:
        rek.start_project_version(ProjectVersionArn=version, MinInferenceUnits=1)
        rek.describe_project_versions(ProjectArn=arn)
    return arn, version


def _logo() -> bytes:
    import random

    from awsml_study.engines.vision import image, image_classifier
    return image.encode_png(image_classifier.logo_picture("circle-logo", random.Random(3)))


EXAMPLES = {
    "DetectFaces": lambda make: {"Image": _put(make, "ana.png", sample("portrait_ana.png")),
                                 "Attributes": ["ALL"]},
    "DetectLabels": lambda make: {"Image": {"Bytes": sample("street_sign.png")}, "MaxLabels": 5,
                                  "Features": ["GENERAL_LABELS", "IMAGE_PROPERTIES"]},
    "DetectText": lambda make: {"Image": _put(make, "sign.png", sample("street_sign.png"))},
    "DetectModerationLabels": lambda make: {"Image": {"Bytes": sample("alcohol.png")}},
    "DetectProtectiveEquipment": lambda make: {
        "Image": {"Bytes": sample("worker.png")},
        "SummarizationAttributes": {"MinConfidence": 80, "RequiredEquipmentTypes": ["HEAD_COVER"]}},
    "CreateCollection": lambda make: {"CollectionId": "contract-new", "Tags": {"team": "study"}},
    "ListCollections": lambda make: {"MaxResults": 5} if _collection(make) else {},
    "DescribeCollection": lambda make: {"CollectionId": _indexed(make)[0]},
    "DeleteCollection": lambda make: {"CollectionId": _collection(make)},
    "IndexFaces": lambda make: {"CollectionId": _collection(make), "Image": {"Bytes": sample("group.png")},
                                "ExternalImageId": "group", "DetectionAttributes": ["ALL"], "MaxFaces": 1},
    "ListFaces": lambda make: {"CollectionId": _indexed(make)[0], "MaxResults": 10},
    "DeleteFaces": lambda make: (lambda c: {"CollectionId": c[0], "FaceIds": [c[1], UNKNOWN_FACE]})(_indexed(make)),
    "SearchFaces": _search,
    "SearchFacesByImage": lambda make: {"CollectionId": _indexed(make)[0], "Image": {"Bytes": sample("group.png")},
                                        "FaceMatchThreshold": 0, "MaxFaces": 3},
    "CompareFaces": lambda make: {"SourceImage": FACE(make), "TargetImage": {"Bytes": sample("group.png")},
                                  "SimilarityThreshold": 0},
    "RecognizeCelebrities": lambda make: {"Image": {"Bytes": sample("celebrities/grace_hopper.jpg")}},
    "GetCelebrityInfo": lambda make: {"Id": "3Gr4cH0"},
    "StartLabelDetection": lambda make: {**_video(make), "MinConfidence": 60, "JobTag": "contract"},
    "StartFaceDetection": lambda make: {**_video(make), "FaceAttributes": "ALL"},
    "StartTextDetection": _video,
    "GetLabelDetection": _video_job("start_label_detection"),
    "GetFaceDetection": _video_job("start_face_detection"),
    "GetTextDetection": _video_job("start_text_detection"),
    "CreateProject": lambda make: {"ProjectName": "contract-new", "Feature": "CUSTOM_LABELS"},
    "DescribeProjects": lambda make: {"ProjectNames": ["contract-logos"]} if _project(make) else {},
    "CreateProjectVersion": lambda make: _version_request(make, _project(make)),
    "DescribeProjectVersions": lambda make: {"ProjectArn": _trained(make)[0]},
    "StartProjectVersion": lambda make: {"ProjectVersionArn": _trained(make)[1], "MinInferenceUnits": 1},
    "StopProjectVersion": lambda make: {"ProjectVersionArn": _trained(make, start=True)[1]},
    "DetectCustomLabels": lambda make: {"ProjectVersionArn": _trained(make, start=True)[1],
                                        "Image": {"Bytes": _logo()}, "MinConfidence": 10},
}

ERRORS = [
    ("DetectFaces", lambda make: {"Image": {"Bytes": b"not an image"}}, "InvalidImageFormatException"),
    ("DetectFaces", lambda make: {"Image": {"Bytes": sample("portrait_ana.png")[:400]}},
     "InvalidImageFormatException"),
    ("DetectFaces", lambda make: {"Image": {"Bytes": b"\xff\xd8\xff" + bytes(5 * 1024 * 1024)}},
     "ValidationException"),
    ("DetectFaces", lambda make: {"Image": {"Bytes": tiny_png()}}, "InvalidParameterException"),
    ("DetectFaces", _missing, "InvalidS3ObjectException"),
    ("DetectFaces", lambda make: {"Image": _put(make, "huge.jpg", b"\xff\xd8\xff" + bytes(15 * 1024 * 1024))},
     "ImageTooLargeException"),
    ("DetectLabels", lambda make: {"Image": {"Bytes": b"GIF89a" + bytes(100)}}, "InvalidImageFormatException"),
    ("DetectLabels", lambda make: {"Image": FACE(make), "Features": ["FACES"]}, "InvalidParameterException"),
    ("DetectText", _missing, "InvalidS3ObjectException"),
    ("DetectText", lambda make: {"Image": {"Bytes": tiny_png()}}, "InvalidParameterException"),
    ("DetectModerationLabels", lambda make: {"Image": {"Bytes": b"hello, world"}},
     "InvalidImageFormatException"),
    ("DetectProtectiveEquipment", lambda make: {"Image": {"Bytes": b"\xff\xd8\xff" + bytes(4 * 1024 * 1024)}},
     "ImageTooLargeException"),
    ("DetectProtectiveEquipment", lambda make: {"Image": FACE(make), "SummarizationAttributes": {
        "MinConfidence": 80, "RequiredEquipmentTypes": ["BOOTS"]}}, "InvalidParameterException"),
]

UNKNOWN_ARN = "arn:aws:rekognition:us-east-1:123456789012:project/nobody/1700000000000"
UNKNOWN_VERSION = UNKNOWN_ARN.replace("/1700000000000", "/version/v1/1700000000000")

ERRORS += [
    ("CreateCollection", lambda make: {"CollectionId": _collection(make)}, "ResourceAlreadyExistsException"),
    ("ListCollections", lambda make: {"NextToken": "not-a-token"}, "InvalidPaginationTokenException"),
    ("DescribeCollection", lambda make: {"CollectionId": "no-such-collection"}, "ResourceNotFoundException"),
    ("DeleteCollection", lambda make: {"CollectionId": "no-such-collection"}, "ResourceNotFoundException"),
    ("IndexFaces", lambda make: {"CollectionId": "no-such-collection", "Image": FACE(make)},
     "ResourceNotFoundException"),
    ("IndexFaces", lambda make: {"CollectionId": _collection(make), "Image": {"Bytes": b"hello"}},
     "InvalidImageFormatException"),
    ("ListFaces", lambda make: {"CollectionId": "no-such-collection"}, "ResourceNotFoundException"),
    ("DeleteFaces", lambda make: {"CollectionId": "no-such-collection", "FaceIds": [UNKNOWN_FACE]},
     "ResourceNotFoundException"),
    ("SearchFaces", lambda make: {"CollectionId": _collection(make), "FaceId": UNKNOWN_FACE},
     "InvalidParameterException"),
    ("SearchFaces", lambda make: {"CollectionId": "no-such-collection", "FaceId": UNKNOWN_FACE},
     "ResourceNotFoundException"),
    ("SearchFacesByImage", lambda make: {"CollectionId": _collection(make),
                                         "Image": {"Bytes": sample("street_sign.png")}},
     "InvalidParameterException"),
    ("CompareFaces", lambda make: {"SourceImage": {"Bytes": sample("street_sign.png")},
                                   "TargetImage": FACE(make)}, "InvalidParameterException"),
    ("CompareFaces", lambda make: {"SourceImage": FACE(make), "TargetImage": _missing(make)["Image"]},
     "InvalidS3ObjectException"),
    ("RecognizeCelebrities", lambda make: {"Image": {"Bytes": b"\x00" * 64}},
     "InvalidImageFormatException"),
    ("GetCelebrityInfo", lambda make: {"Id": "nobody"}, "ResourceNotFoundException"),
    ("StartLabelDetection", lambda make: {"Video": _missing(make)["Image"]},
     "InvalidS3ObjectException"),
    ("StartFaceDetection", lambda make: {**_video(make), "FaceAttributes": "SOME"}, "InvalidParameterException"),
    ("StartTextDetection", lambda make: {"Video": _missing(make)["Image"]},
     "InvalidS3ObjectException"),
    ("GetLabelDetection", lambda make: {"JobId": "0123456789abcdef"}, "ResourceNotFoundException"),
    ("GetFaceDetection", lambda make: {"JobId": "0123456789abcdef"}, "ResourceNotFoundException"),
    ("GetTextDetection", lambda make: {"JobId": "0123456789abcdef"}, "ResourceNotFoundException"),
    ("CreateProject", lambda make: {"ProjectName": "contract-logos"} if _project(make) else {},
     "ResourceInUseException"),
    ("DescribeProjects", lambda make: {"NextToken": "not-a-token"}, "InvalidPaginationTokenException"),
    ("CreateProjectVersion", lambda make: {**_version_request(make, UNKNOWN_ARN)}, "ResourceNotFoundException"),
    ("DescribeProjectVersions", lambda make: {"ProjectArn": UNKNOWN_ARN}, "ResourceNotFoundException"),
    ("StartProjectVersion", lambda make: {"ProjectVersionArn": UNKNOWN_VERSION, "MinInferenceUnits": 1},
     "ResourceNotFoundException"),
    ("StopProjectVersion", lambda make: {"ProjectVersionArn": _trained(make)[1]}, "ResourceInUseException"),
    ("DetectCustomLabels", lambda make: {"ProjectVersionArn": _trained(make)[1], "Image": {"Bytes": _logo()}},
     "ResourceNotReadyException"),
]
