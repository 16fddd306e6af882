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
MISSING = {"S3Object": {"Bucket": BUCKET, "Name": "missing.jpg"}}


def _missing(make):
    make("s3").create_bucket(Bucket=BUCKET)
    return {"Image": MISSING}


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
