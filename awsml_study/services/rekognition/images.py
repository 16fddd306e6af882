"""Rekognition: faces, face comparison and celebrities from dlib's HOG detector, OpenCV cascades and a face descriptor."""
from __future__ import annotations

import hashlib

from awsml_study.sim.errors import AwsError, validation_error

ENGINE_FACES = "rekognition/dlib-hog+opencv-haar"
ENGINE_COMPARE = "rekognition/dlib-hog+lbp-hog-descriptor"
ENGINE_CELEBRITIES = "rekognition/lbp-hog-descriptor+gallery"

BYTES_LIMIT = 5 * 1024 * 1024       # ImageBlob: 5,242,880 bytes
S3_LIMIT = 15 * 1024 * 1024         # images stored in S3
MIN_SIDE = 80                       # pixels, height and width
MAX_SIDE = 10_000                   # DetectLabels / DetectModerationLabels
INVALID_PARAMETERS = "Request has invalid parameters"
INVALID_FORMAT = "Request has invalid image format"
S3_UNREADABLE = ("Unable to get object metadata from S3. Check object key, region and/or "
                 "access permissions.")
FACE_ATTRIBUTES = ("DEFAULT", "ALL", "AGE_RANGE", "BEARD", "EMOTIONS", "EYE_DIRECTION",
                   "EYEGLASSES", "EYES_OPEN", "GENDER", "MOUTH_OPEN", "MUSTACHE",
                   "FACE_OCCLUDED", "SMILE", "SUNGLASSES")


def invalid(detail: str | None = None) -> AwsError:
    return AwsError("InvalidParameterException",
                    INVALID_PARAMETERS + (f": {detail}" if detail else ""))


class Picture:
    """A request's image: its bytes, decoded RGB pixels and a content hash (for the manifest)."""

    def __init__(self, data: bytes, rgb, path: str = "image"):
        self.data = data
        self.rgb = rgb
        self.height, self.width = rgb.shape[:2]
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.path = path

    @property
    def grey(self):
        from awsml_study.engines.vision.image import grey
        if not hasattr(self, "_grey"):
            self._grey = grey(self.rgb)
        return self._grey

    def relative_box(self, box) -> dict:
        """Pixels (left, top, width, height) as Rekognition's BoundingBox ratios."""
        x, y, w, h = box
        return {"Width": round(w / self.width, 6), "Height": round(h / self.height, 6),
                "Left": round(x / self.width, 6), "Top": round(y / self.height, 6)}

    def relative_point(self, point) -> dict:
        return {"X": round(point[0] / self.width, 6), "Y": round(point[1] / self.height, 6)}


def image_bytes(image, path: str = "image", bytes_limit: int = BYTES_LIMIT) -> bytes:
    """Image.Bytes or Image.S3Object of a request, with AWS's size limits and errors."""
    if not isinstance(image, dict):
        raise invalid(f"{path} is required")
    has_bytes, has_s3 = "Bytes" in image, "S3Object" in image
    if has_bytes == has_s3:
        raise invalid(f"{path} needs exactly one of Bytes or S3Object")
    if has_bytes:
        data = image["Bytes"]
        if isinstance(data, str):
            data = data.encode("latin-1", errors="replace")
        data = bytes(data)
        if len(data) > BYTES_LIMIT:  # the ImageBlob shape's own constraint: the request validator
            raise validation_error(
                f"java.nio.HeapByteBuffer[pos=0 lim={len(data)} cap={len(data)}]",
                f"{path}.bytes", f"Member must have length less than or equal to {BYTES_LIMIT}")
        if len(data) > bytes_limit:  # a lower limit of one operation (DetectProtectiveEquipment)
            raise AwsError("ImageTooLargeException",
                           f"The input image size exceeds the allowed limit: {len(data)} bytes; "
                           f"this operation takes up to {bytes_limit} bytes.")
        return data
    return s3_image(image["S3Object"])


def s3_image(s3object) -> bytes:
    from botocore.exceptions import ClientError

    from awsml_study.sim import s3io

    if not isinstance(s3object, dict) or not s3object.get("Bucket") or not s3object.get("Name"):
        raise invalid("S3Object needs a Bucket and a Name")
    extra = {"VersionId": s3object["Version"]} if s3object.get("Version") else {}
    try:
        head = s3io.s3().head_object(Bucket=s3object["Bucket"], Key=s3object["Name"], **extra)
    except ClientError:
        raise AwsError("InvalidS3ObjectException", S3_UNREADABLE) from None
    if head["ContentLength"] > S3_LIMIT:
        raise AwsError("ImageTooLargeException",
                       f"Image size is too large. The image in S3 is {head['ContentLength']} "
                       f"bytes; the limit is {S3_LIMIT} bytes (15 MB).")
    try:
        return s3io.s3().get_object(Bucket=s3object["Bucket"], Key=s3object["Name"],
                                    **extra)["Body"].read()
    except ClientError:
        raise AwsError("InvalidS3ObjectException", S3_UNREADABLE) from None


def picture(image, path: str = "image", max_side: int | None = None,
            bytes_limit: int = BYTES_LIMIT, min_side: int = MIN_SIDE) -> Picture:
    """The request's image decoded, or the Rekognition error for it."""
    from awsml_study.engines.vision import image as imaging

    data = image_bytes(image, path, bytes_limit)
    try:
        rgb = imaging.decode(data)
    except imaging.NotAnImage:
        raise AwsError("InvalidImageFormatException", INVALID_FORMAT) from None
    h, w = rgb.shape[:2]
    if h < min_side or w < min_side:
        raise invalid(f"the image is {w} x {h} pixels; the minimum is {min_side} pixels "
                      f"in height and width")
    if max_side and (h > max_side or w > max_side):
        raise invalid(f"the image is {w} x {h} pixels; the maximum is {max_side} pixels a side")
    return Picture(data, rgb, path)


def check_attributes(attributes) -> set[str]:
    attributes = attributes if attributes is not None else ["DEFAULT"]
    if not isinstance(attributes, list) or any(a not in FACE_ATTRIBUTES for a in attributes):
        raise invalid(f"Attributes must be a list of {', '.join(FACE_ATTRIBUTES)}")
    return set(attributes) or {"DEFAULT"}


# ----- the face details of one picture -----

def face_detail(pic: Picture, face, attributes: set[str], annotation: dict | None = None) -> dict:
    """A FaceDetail: geometry, pose and quality always; the rest as Attributes asks."""
    detail = {"BoundingBox": pic.relative_box(face.box),
              "Landmarks": [{"Type": name, **pic.relative_point(p)}
                            for name, p in face.landmarks.items()],
              "Pose": face.pose, "Quality": face.quality,
              "Confidence": round(face.confidence, 4)}
    wants = lambda key: "ALL" in attributes or key in attributes  # noqa: E731
    if wants("SMILE"):
        detail["Smile"] = {"Value": face.smile[0], "Confidence": round(face.smile[1], 3)}
    if wants("EYES_OPEN"):
        detail["EyesOpen"] = {"Value": face.eyes_open[0], "Confidence": round(face.eyes_open[1], 3)}
    # Attributes no local model can estimate honestly: only from the sample manifest's annotation.
    if annotation:
        for key, member in (("AGE_RANGE", "AgeRange"), ("GENDER", "Gender"),
                            ("EMOTIONS", "Emotions"), ("EYEGLASSES", "Eyeglasses"),
                            ("SUNGLASSES", "Sunglasses"), ("BEARD", "Beard"),
                            ("MUSTACHE", "Mustache"), ("MOUTH_OPEN", "MouthOpen")):
            if wants(key) and member in annotation:
                detail[member] = annotation[member]
    return detail


def faces_of(pic: Picture, limit: int = 100):
    from awsml_study.engines.vision import faces
    return faces.detect(pic.rgb, limit=limit)

