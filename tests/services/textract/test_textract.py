"""Textract synchronous operations: text, forms, tables, queries, signatures, layout, expense."""
import io
import json
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError
from PIL import Image, ImageDraw, ImageFont

import awsml_study
from awsml_study.services.textract.blocks import check_graph
from awsml_study.widgets import document_viewer as parse

DATA = Path(__file__).resolve().parents[3] / "data" / "textract"


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def truth(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text())


def drawn(lines: list[str], fmt: str = "PNG", size=(760, 200)) -> bytes:
    """A page with the given lines of text, drawn now (so no answer can be canned)."""
    import matplotlib.font_manager as fm
    font = ImageFont.truetype(fm.findfont("DejaVu Sans"), 24)
    img = Image.new("RGB", size, "white")
    d = ImageDraw.Draw(img)
    for i, text in enumerate(lines):
        d.text((30, 30 + 60 * i), text, font=font, fill="black")
    out = io.BytesIO()
    img.save(out, fmt, **({"resolution": 150.0} if fmt == "PDF" else {}))
    return out.getvalue()


@pytest.fixture(scope="module")
def textract():
    with awsml_study.simulate():
        yield boto3.client("textract", region_name="us-east-1")


@pytest.fixture(scope="module")
def outputs(textract):
    """Every response the tests look at, computed once (OCR is the slow part)."""
    analyse = textract.analyze_document
    return {
        "form": analyse(Document={"Bytes": sample("form_01.png")},
                        FeatureTypes=["FORMS", "SIGNATURES", "LAYOUT", "QUERIES"],
                        QueriesConfig={"Queries": [
                            {"Text": "What is the employee ID?", "Alias": "EMPLOYEE_ID"},
                            {"Text": "Who is the manager?"},
                            {"Text": "What is the colour of the sky?"}]}),
        "merged": analyse(Document={"Bytes": sample("table_ruled_02.png")},
                          FeatureTypes=["TABLES", "LAYOUT"]),
        "unruled": analyse(Document={"Bytes": sample("table_unruled_02.png")},
                           FeatureTypes=["TABLES", "FORMS", "SIGNATURES"]),
        "boxes": analyse(Document={"Bytes": sample("form_02.png")},
                         FeatureTypes=["FORMS", "SIGNATURES"]),
        "invoice_text": textract.detect_document_text(Document={"Bytes": sample("invoice_02.png")}),
        "invoice": textract.analyze_expense(Document={"Bytes": sample("invoice_02.png")}),
        "receipt": textract.analyze_expense(Document={"Bytes": sample("receipt_01.png")}),
    }


def blocks_of(response):
    if "ExpenseDocuments" in response:
        return [b for doc in response["ExpenseDocuments"] for b in doc["Blocks"]]
    return response["Blocks"]


# ----- DetectDocumentText -----

def test_detect_document_text_reads_the_words_on_the_page(textract):
    # Setup
    lines = ["Parcel 4417 for Maria Duarte", "Deliver before 09:30 on Friday"]
    # Execute
    resp = textract.detect_document_text(Document={"Bytes": drawn(lines)})
    # Verify
    assert parse.lines(resp["Blocks"]) == lines
    words = [b for b in resp["Blocks"] if b["BlockType"] == "WORD"]
    assert [w["Text"] for w in words] == " ".join(lines).split()
    assert resp["DocumentMetadata"] == {"Pages": 1}
    assert awsml_study.engine_of(resp).startswith("textract/rapidocr")


def test_blocks_carry_relative_geometry_and_percent_confidence(textract):
    resp = textract.detect_document_text(Document={"Bytes": drawn(["Left", "", "", "Lower"],
                                                                  size=(600, 300))})
    by_text = {b["Text"]: b for b in resp["Blocks"] if b["BlockType"] == "LINE"}
    left, lower = by_text["Left"]["Geometry"], by_text["Lower"]["Geometry"]
    assert 0.03 < left["BoundingBox"]["Left"] < 0.08           # drawn at x = 30 of 600 px
    assert lower["BoundingBox"]["Top"] > 0.55                   # drawn at y = 210 of 300 px
    poly = lower["Polygon"]
    assert poly[0]["X"] < poly[1]["X"] and poly[1]["Y"] < poly[2]["Y"]  # clockwise from top-left
    assert all(0 < b["Confidence"] <= 100 for b in resp["Blocks"] if "Confidence" in b)


@pytest.mark.parametrize("fmt", ["JPEG", "PDF", "TIFF"])
def test_single_page_jpeg_pdf_and_tiff_are_read_from_s3(textract, fmt):
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="sync-docs")
    s3.put_object(Bucket="sync-docs", Key=f"note.{fmt.lower()}", Body=drawn(["Gate 12 closes at noon"], fmt))
    resp = textract.detect_document_text(
        Document={"S3Object": {"Bucket": "sync-docs", "Name": f"note.{fmt.lower()}"}})
    assert parse.lines(resp["Blocks"]) == ["Gate 12 closes at noon"]


# ----- AnalyzeDocument -----

def test_forms_link_keys_to_values_and_check_boxes(outputs):
    pairs = {k.rstrip(":"): v for k, v, _ in parse.key_values(outputs["form"]["Blocks"])}
    expected = {kv["key"]: kv["value"] for kv in truth("form_01")["key_values"]}
    for key in ("Employee ID", "Manager", "Date of Birth", "Email"):
        assert pairs[key] == expected[key]
    assert pairs["Full-time"] == "[X]" and pairs["Part-time"] == "[ ]"
    keys = [b for b in outputs["form"]["Blocks"] if "KEY" in b.get("EntityTypes", [])]
    assert all(any(r["Type"] == "VALUE" for r in k["Relationships"]) for k in keys)


def test_boxed_fields_pair_the_label_above_with_the_text_inside(outputs):
    pairs = {k: v for k, v, _ in parse.key_values(outputs["boxes"]["Blocks"])}
    assert pairs["Plate Number"] == "KX-4471"
    assert pairs["Licence Number"] == "DL-883-120-7"


def test_ruled_table_cells_and_merged_cells(outputs):
    blocks = outputs["merged"]["Blocks"]
    grid = parse.tables(blocks)[0]
    assert grid[2] == ["North", "120", "340", "150", "310"]
    merged = sorted((b["RowIndex"], b["ColumnIndex"], b["RowSpan"], b["ColumnSpan"])
                    for b in blocks if b["BlockType"] == "MERGED_CELL")
    assert merged == [(1, 1, 2, 1), (1, 2, 1, 2), (1, 4, 1, 2)]
    cells = [b for b in blocks if b["BlockType"] == "CELL"]
    assert len(cells) == 25 and {c["RowSpan"] for c in cells} == {1}
    table = next(b for b in blocks if b["BlockType"] == "TABLE")
    assert "STRUCTURED_TABLE" in table["EntityTypes"]
    by_id = {b["Id"]: b for b in blocks}
    title = [by_id[i] for r in table["Relationships"] if r["Type"] == "TABLE_TITLE" for i in r["Ids"]]
    assert parse.text_of(title[0], by_id) == "Regional sales (units)"


def test_unruled_table_from_aligned_columns(outputs):
    expected = [[c["text"] for c in truth("table_unruled_02")["tables"][0]["cells"][i:i + 4]]
                for i in range(0, 24, 4)]
    assert parse.tables(outputs["unruled"]["Blocks"]) == [expected]


def test_queries_answer_from_the_page_or_stay_unanswered(outputs):
    answers = parse.query_answers(outputs["form"]["Blocks"])
    assert answers["EMPLOYEE_ID"][0] == "E-10473"
    assert answers["Who is the manager?"][0] == "Tomas Alvarez"
    assert answers["What is the colour of the sky?"] is None


def test_signatures_found_where_drawn_and_nowhere_else(outputs):
    sig = [b for b in outputs["form"]["Blocks"] if b["BlockType"] == "SIGNATURE"]
    assert len(sig) == 1
    x0, y0, x1, y1 = truth("form_01")["signatures"][0]
    box = sig[0]["Geometry"]["BoundingBox"]
    cx, cy = (box["Left"] + box["Width"] / 2) * 1240, (box["Top"] + box["Height"] / 2) * 1754
    assert x0 < cx < x1 and y0 < cy < y1
    assert not [b for b in outputs["unruled"]["Blocks"] if b["BlockType"] == "SIGNATURE"]


def test_layout_puts_every_line_in_one_region(outputs):
    for name in ("form", "merged"):
        blocks = outputs[name]["Blocks"]
        owners = {}
        for b in blocks:
            if b["BlockType"].startswith("LAYOUT_"):
                for r in b.get("Relationships", []):
                    for i in r["Ids"]:
                        owners[i] = owners.get(i, 0) + 1
        lines = [b["Id"] for b in blocks if b["BlockType"] == "LINE"]
        assert all(owners.get(i) == 1 for i in lines)


def test_human_loop_config_is_accepted(textract):
    resp = textract.analyze_document(
        Document={"Bytes": drawn(["Claim 88"])}, FeatureTypes=["FORMS"],
        HumanLoopConfig={"HumanLoopName": "claims-review",
                         "FlowDefinitionArn": "arn:aws:sagemaker:us-east-1:123456789012:flow-definition/claims"})
    assert "HumanLoopActivationOutput" not in resp


# ----- AnalyzeExpense -----

def test_invoice_summary_fields_and_line_items(outputs):
    summary, items = parse.expense_fields(outputs["invoice"])
    expected = truth("invoice_02")["expense"]
    for kind in ("VENDOR_NAME", "INVOICE_RECEIPT_ID", "INVOICE_RECEIPT_DATE", "TOTAL", "SUBTOTAL", "TAX"):
        assert summary[kind] == expected["summary"][kind]
    assert [{k: i[k] for k in ("ITEM", "QUANTITY", "PRICE")} for i in items] == \
        [{k: e[k] for k in ("ITEM", "QUANTITY", "PRICE")} for e in expected["line_items"]]
    assert all(i["EXPENSE_ROW"] for i in items)


def test_receipt_items_with_quantities(outputs):
    summary, items = parse.expense_fields(outputs["receipt"])
    assert summary["TOTAL"] == "15.96"
    assert {"ITEM": "Croissant", "QUANTITY": "3", "PRICE": "4.80"}.items() <= items[1].items()


# ----- the Block graph, on every output -----

def test_block_graph_is_consistent_on_every_output(outputs):
    for name, response in outputs.items():
        blocks = blocks_of(response)
        assert check_graph(blocks) == [], name
        by_id = {b["Id"]: b for b in blocks}
        for cell in (b for b in blocks if b["BlockType"] in ("CELL", "KEY_VALUE_SET")):
            for r in cell.get("Relationships", []):
                assert all(i in by_id for i in r["Ids"])
        pages = [b for b in blocks if b["BlockType"] == "PAGE"]
        line_ids = {i for p in pages for r in p.get("Relationships", []) for i in r["Ids"]}
        assert {b["Id"] for b in blocks if b["BlockType"] == "LINE"} <= line_ids


# ----- errors -----

def _code(call, **params):
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]["Code"]


@pytest.mark.parametrize("document,code", [
    ({"Bytes": b"Dear team, the minutes are attached."}, "UnsupportedDocumentException"),
    ({"Bytes": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64}, "BadDocumentException"),
    ({"Bytes": b"\xff\xd8\xff" + bytes(10 * 1024 * 1024)}, "DocumentTooLargeException"),
    ({"S3Object": {"Bucket": "no-such-bucket", "Name": "a.png"}}, "InvalidS3ObjectException"),
    ({}, "InvalidParameterException"),
])
def test_bad_documents_give_textract_errors(textract, document, code):
    assert _code(textract.detect_document_text, Document=document) == code


def test_multi_page_pdf_is_unsupported_synchronously(textract):
    pdf = sample("multipage.pdf")
    assert _code(textract.analyze_document, Document={"Bytes": pdf},
                 FeatureTypes=["TABLES"]) == "UnsupportedDocumentException"
    assert _code(textract.analyze_expense, Document={"Bytes": pdf}) == "UnsupportedDocumentException"


@pytest.mark.parametrize("extra", [
    {"FeatureTypes": []},
    {"FeatureTypes": ["HANDWRITING"]},
    {"FeatureTypes": ["QUERIES"]},
    {"FeatureTypes": ["QUERIES"], "QueriesConfig": {"Queries": [{"Text": "q?"}] * 16}},
    {"FeatureTypes": ["QUERIES"], "QueriesConfig": {"Queries": [{"Text": "q?", "Pages": ["2"]}]}},
])
def test_analysis_parameters_are_checked(textract, extra):
    assert _code(textract.analyze_document, Document={"Bytes": b"\x89PNG\r\n\x1a\n"},
                 **extra) == "InvalidParameterException"


# ----- the viewer and the engines other services share -----

def test_viewer_draws_the_chosen_layers_and_lists_tables(outputs):
    from awsml_study.widgets.document_viewer import DocumentViewer
    viewer = DocumentViewer(sample("table_ruled_02.png"), outputs["merged"], layers=["CELL"])
    cells = [b for b in outputs["merged"]["Blocks"] if b["BlockType"] == "CELL"]
    assert len(viewer.figure().axes[0].patches) == len(cells)
    assert len(viewer.figure(layers=["CELL", "MERGED_CELL"]).axes[0].patches) == len(cells) + 3
    assert "North" in viewer.details_html() and viewer.tables()[0][3][0] == "South"


def test_ocr_engine_words_are_text_confidence_and_pixel_polygon():
    import numpy as np

    from awsml_study.engines.documents import ocr
    page = np.array(Image.open(io.BytesIO(drawn(["Exit 42 via Dock Road"]))).convert("RGB"))
    words = ocr.read_words(page)
    assert [w.text for w in words] == ["Exit", "42", "via", "Dock", "Road"]
    text, confidence, polygon = words[0]
    assert 50 < confidence <= 100 and len(polygon) == 4
    assert 25 <= polygon[0][0] <= 40 and polygon[1][0] < words[1].polygon[0][0]  # drawn at x = 30
    assert [line.text for line in ocr.read_lines(page)] == ["Exit 42 via Dock Road"]


def test_pdf_and_tiff_pages_are_counted_and_rendered():
    from awsml_study.engines.documents import pdf
    page = Image.open(io.BytesIO(drawn(["one"])))
    for data in (pdf.images_to_pdf([page, page, page]), pdf.images_to_tiff([page, page, page])):
        doc = pdf.open_document(data)
        assert doc.pages == 3 and doc.page_image(2).shape[2] == 3
        doc.close()
    assert pdf.sniff(b"GIF89a...") is None
