"""Representative valid calls and error cases for every simulated Textract operation."""
import functools
import io

BUCKET = "contract-textract"
ROLE = "arn:aws:iam::123456789012:role/TextractSNS"


@functools.lru_cache(maxsize=1)
def page_png() -> bytes:
    """A small form drawn with Pillow: two key/value lines and a 2 x 2 ruled table."""
    import matplotlib.font_manager as fm
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(fm.findfont("DejaVu Sans"), 22)
    img = Image.new("RGB", (700, 330), "white")
    d = ImageDraw.Draw(img)
    d.text((30, 25), "Invoice Number: A-5521", font=font, fill="black")
    d.text((30, 70), "Total: 88.40", font=font, fill="black")
    d.rectangle([30, 130, 530, 230], outline="black", width=2)
    d.line([(30, 180), (530, 180)], fill="black", width=2)
    d.line([(330, 130), (330, 230)], fill="black", width=2)
    d.text((45, 143), "Item", font=font, fill="black")
    d.text((345, 143), "Price", font=font, fill="black")
    d.text((45, 193), "Stapler", font=font, fill="black")
    d.text((345, 193), "12.50", font=font, fill="black")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _pdf(pages: int = 2) -> bytes:
    from PIL import Image
    img = Image.open(io.BytesIO(page_png())).convert("RGB")
    out = io.BytesIO()
    img.save(out, "PDF", save_all=True, append_images=[img] * (pages - 1), resolution=150.0)
    return out.getvalue()


def _put(make, key: str, body: bytes) -> dict:
    s3 = make("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key=key, Body=body)
    return {"S3Object": {"Bucket": BUCKET, "Name": key}}


def _location(make):
    return {"DocumentLocation": _put(make, "doc.pdf", _pdf())}


def _started(start: str, extra=None):
    def build(make):
        params = {**_location(make), **(extra or {})}
        return {"JobId": getattr(make("textract"), start)(**params)["JobId"]}
    return build


BYTES = lambda make: {"Bytes": page_png()}  # noqa: E731
ANALYSIS = {"FeatureTypes": ["FORMS", "TABLES", "QUERIES"],
            "QueriesConfig": {"Queries": [{"Text": "What is the total?"}]}}

EXAMPLES = {
    "DetectDocumentText": lambda make: {"Document": BYTES(make)},
    "AnalyzeDocument": lambda make: {"Document": BYTES(make), **ANALYSIS},
    "AnalyzeExpense": lambda make: {"Document": _put(make, "page.png", page_png())},
    "StartDocumentTextDetection": _location,
    "StartDocumentAnalysis": lambda make: {**_location(make), **ANALYSIS},
    "StartExpenseAnalysis": _location,
    "GetDocumentTextDetection": _started("start_document_text_detection"),
    "GetDocumentAnalysis": _started("start_document_analysis", {"FeatureTypes": ["TABLES"]}),
    "GetExpenseAnalysis": _started("start_expense_analysis"),
}

ERRORS = [
    ("DetectDocumentText", lambda make: {"Document": {"Bytes": b"just some text"}},
     "UnsupportedDocumentException"),
    ("DetectDocumentText", lambda make: {"Document": {"Bytes": page_png()[:300]}},
     "BadDocumentException"),
    ("DetectDocumentText", lambda make: {"Document": {"Bytes": b"\x89PNG\r\n\x1a\n" + bytes(10_485_760)}},
     "DocumentTooLargeException"),
    ("DetectDocumentText", lambda make: {"Document": {"S3Object": {"Bucket": BUCKET, "Name": "nope.png"}}},
     "InvalidS3ObjectException"),
    ("AnalyzeDocument", lambda make: {"Document": _put(make, "two.pdf", _pdf(2)),
                                      "FeatureTypes": ["TABLES"]}, "UnsupportedDocumentException"),
    ("AnalyzeDocument", lambda make: {"Document": BYTES(make), "FeatureTypes": ["QUERIES"]},
     "InvalidParameterException"),
    ("AnalyzeExpense", lambda make: {"Document": {"Bytes": b"%PDF-1.7 broken"}}, "BadDocumentException"),
    ("StartDocumentTextDetection", lambda make: {"DocumentLocation": {"S3Object": {
        "Bucket": BUCKET, "Name": "missing.pdf"}}}, "InvalidS3ObjectException"),
    ("StartDocumentAnalysis", lambda make: {**_location(make), "FeatureTypes": ["WRONG"]},
     "InvalidParameterException"),
    ("StartExpenseAnalysis", lambda make: {"DocumentLocation": _put(make, "notes.txt", b"hello")},
     "UnsupportedDocumentException"),
    ("GetDocumentTextDetection", lambda make: {"JobId": "0" * 32}, "InvalidJobIdException"),
    ("GetDocumentAnalysis", lambda make: {"JobId": "unknown-job"}, "InvalidJobIdException"),
    ("GetExpenseAnalysis", lambda make: {"JobId": "unknown-job"}, "InvalidJobIdException"),
]
