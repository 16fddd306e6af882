"""Textract DetectDocumentText on typeset pages nobody on this project wrote, beside plain RapidOCR.

Input: PDF manuals that Debian installs under /usr/share/doc (the libtasn1 manual, the freedesktop
Shared MIME-info specification), rendered at 150 dpi with pypdfium2. Ground truth: each page's own
text layer, read with pdfium. Pages are taken by a fixed rule: from the third page on, the first six
of each manual with at least 800 characters of text, fewer than 10 % of them dots (tables of
contents are mostly leader dots). Nothing is copied into the repository; without the manuals the
benchmark says so and stops.

Measured per page and overall: character accuracy (1 - Levenshtein distance / characters, on text
with whitespace collapsed, in reading order) and word recall (the share of the page's words that
the reading holds, order ignored). Baselines in the same run: rapidocr-onnxruntime's RapidOCR with
its default settings (the library the kit's OCR is built on), and plain moto (a canned answer).
Run: .venv/bin/python benchmarks/bench_textract_public.py
"""
from __future__ import annotations

import io
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MANUALS = [Path("/usr/share/doc/libtasn1-doc/libtasn1.pdf"),
           Path("/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf")]
PAGES_PER_MANUAL, DPI = 6, 150


def norm(text: str) -> str:
    return " ".join(text.split())


def pages() -> list[tuple[str, bytes, str]]:
    """(label, PNG bytes, text layer) of the pages the rule picks."""
    import pypdfium2 as pdfium

    picked = []
    for manual in MANUALS:
        if not manual.exists():
            continue
        doc = pdfium.PdfDocument(str(manual))
        taken = 0
        for index in range(2, len(doc)):
            page = doc[index]
            truth = norm(page.get_textpage().get_text_range())
            if len(truth) < 800 or truth.count(".") > 0.1 * len(truth):
                continue
            image = page.render(scale=DPI / 72).to_pil().convert("RGB")
            png = io.BytesIO()
            image.save(png, format="PNG")
            picked.append((f"{manual.stem} p{index + 1}", png.getvalue(), truth))
            taken += 1
            if taken == PAGES_PER_MANUAL:
                break
    return picked


def scores(reading: str, truth: str) -> tuple[float, float]:
    """(character accuracy, word recall) of a reading against the page's text."""
    from rapidfuzz.distance import Levenshtein

    reading = norm(reading)
    chars = max(0.0, 1 - Levenshtein.distance(reading, truth) / len(truth))
    want, got = Counter(truth.split()), Counter(reading.split())
    recall = sum(min(n, got[w]) for w, n in want.items()) / sum(want.values())
    return chars, recall


def kit_reading(textract, png: bytes) -> str:
    blocks = textract.detect_document_text(Document={"Bytes": png})["Blocks"]
    return "\n".join(b["Text"] for b in blocks if b["BlockType"] == "LINE")


def rapidocr_reading(engine, png: bytes) -> str:
    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    result, _ = engine(rgb[:, :, ::-1])  # RapidOCR reads BGR, as OpenCV does
    return "\n".join(item[1] for item in result or [])


def main() -> None:
    import boto3
    import moto
    from rapidocr_onnxruntime import RapidOCR

    import awsml_study

    picked = pages()
    if not picked:
        print("none of the manuals is installed (" + ", ".join(map(str, MANUALS)) + "): nothing measured")
        return
    with moto.mock_aws():
        canned = kit_reading(boto3.client("textract", region_name="us-east-1"), picked[0][1])
    baseline = RapidOCR()
    rows = []
    with awsml_study.simulate():
        from awsml_study.services.textract.analysis import _read_cache
        textract = boto3.client("textract", region_name="us-east-1")
        kit_reading(textract, picked[0][1])  # warm-up: the models load here
        for label, png, truth in picked:
            _read_cache.clear()  # pages already read are remembered: time a fresh reading
            start = time.perf_counter()
            kit = scores(kit_reading(textract, png), truth)
            kit_s = time.perf_counter() - start
            start = time.perf_counter()
            plain = scores(rapidocr_reading(baseline, png), truth)
            plain_s = time.perf_counter() - start
            rows.append((label, len(truth), kit, plain, kit_s, plain_s))
    print(f"{'page':<34}{'chars':>6}  {'kit char':>8} {'kit words':>9}  {'RapidOCR char':>13} "
          f"{'words':>6}  {'kit s':>6} {'RapidOCR s':>10}")
    for label, n, kit, plain, kit_s, plain_s in rows:
        print(f"{label:<34}{n:>6}  {100 * kit[0]:>7.1f}% {100 * kit[1]:>8.1f}%  {100 * plain[0]:>12.1f}% "
              f"{100 * plain[1]:>5.1f}%  {kit_s:>6.2f} {plain_s:>10.2f}")
    weights = [n for _, n, *_ in rows]

    def mean(values):
        return sum(v * w for v, w in zip(values, weights)) / sum(weights)

    kit_c, kit_w = mean([r[2][0] for r in rows]), mean([r[2][1] for r in rows])
    base_c, base_w = mean([r[3][0] for r in rows]), mean([r[3][1] for r in rows])
    print(f"\n{len(rows)} pages, {sum(weights)} characters (weighted by characters):")
    print(f"  kit DetectDocumentText     character accuracy {100 * kit_c:.2f}%, word recall {100 * kit_w:.2f}%")
    print(f"  RapidOCR defaults          character accuracy {100 * base_c:.2f}%, word recall {100 * base_w:.2f}%")
    print(f"  moto (canned answer)       character accuracy {100 * scores(canned, picked[0][2])[0]:.2f}% on the first page")
    print(f"  time per page, median: kit {statistics.median(r[4] for r in rows):.2f} s, "
          f"RapidOCR {statistics.median(r[5] for r in rows):.2f} s "
          f"({statistics.median(r[4] for r in rows) / statistics.median(r[5] for r in rows):.2f}x)")


if __name__ == "__main__":
    main()
