"""Self-checks for notebooks/09_textract.ipynb."""
from __future__ import annotations

from awsml_study.exercises.feedback import blank, say, table


def check_value_of(blocks: list[dict], key: str, answer: str) -> bool:
    """Exercise 1: the value of a form key, found by walking KEY -> VALUE -> CHILD words."""
    if blank(answer):
        return False
    from awsml_study.widgets.document_viewer import key_values
    expected = next((v for k, v, _ in key_values(blocks) if k.rstrip(":").strip() == key), None)
    return say(expected is not None and answer == expected,
               f"'{key}' is '{expected}': you followed the VALUE relationship to the words.",
               f"Expected {expected!r}: find the KEY block whose words read '{key}', follow its "
               f"VALUE relationship, then the VALUE block's CHILD relationship to its WORD blocks.")


def check_items_add_up(response: dict, items_total: float) -> bool:
    """Exercise 2: add the PRICE of every line item; it should equal the SUBTOTAL field."""
    if blank(items_total):
        return False
    from awsml_study.widgets.document_viewer import expense_fields
    summary, items = expense_fields(response)
    expected = round(sum(float(i["PRICE"].replace(",", "")) for i in items if i.get("PRICE")), 2)
    subtotal = float(summary.get("SUBTOTAL", "nan").replace(",", ""))
    ok = isinstance(items_total, (int, float)) and abs(items_total - expected) < 0.005
    return say(ok, f"Line items add up to {expected:.2f}; the printed subtotal is {subtotal:.2f}"
                    f"{' — they agree' if abs(expected - subtotal) < 0.005 else ' — check them!'}.",
               f"Expected {expected:.2f}: sum float(field['ValueDetection']['Text']) over the "
               f"PRICE fields of every LineItem.")


def check_all_blocks(client, job_id: str, blocks: list[dict]) -> bool:
    """Exercise 3: every block of an async job, collected page by page with NextToken."""
    if blank(blocks):
        return False
    expected, token = [], None
    while True:
        resp = client.get_document_text_detection(JobId=job_id, **({"NextToken": token} if token else {}))
        expected += resp["Blocks"]
        token = resp.get("NextToken")
        if not token:
            break
    ok = [b.get("Id") if isinstance(b, dict) else b for b in blocks] == [b["Id"] for b in expected]
    return say(ok, f"All {len(expected)} blocks, in order, from "
                    f"{resp['DocumentMetadata']['Pages']} pages.",
               f"Expected {len(expected)} blocks: loop while the response has a NextToken, "
               f"passing it back each time.")


ROUTES = {"one-page receipt photo (JPEG, 2 MB)": "sync",
          "40-page contract (PDF, 6 MB)": "async",
          "single-page scanned form (PDF, 1 MB)": "sync",
          "two-page TIFF fax": "async",
          "one-page PNG of 14 MB": "none"}


def check_routes(answers: dict[str, str]) -> bool:
    """Exercise 4: synchronous, asynchronous, or neither (too large) for each document."""
    return table(answers, ROUTES, "document(s)",
                 "All routed correctly: sync takes one page up to 10 MB; async takes "
                 "PDF/TIFF up to 3,000 pages and 500 MB, images up to 10 MB.",
                 lambda wrong: f"Not quite: {wrong}")
