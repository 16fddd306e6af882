"""Render the Textract sample documents (invoices, receipts, forms, tables) with their ground truth.

    .venv/bin/python data/textract/render_samples.py      # rewrites the PNGs, JSONs and the PDF

Every document is drawn with Pillow in DejaVu fonts (shipped in matplotlib's wheel); everything
drawn is recorded beside it in <name>.json: each text segment with its pixel box, the form's
key/value pairs, the tables cell by cell, the expense fields, queries with their answers,
checkboxes and signatures. The benchmark (benchmarks/bench_textract.py) and the tests compare
the simulator's answers with these files. All names, companies and numbers are invented.
"""
from __future__ import annotations

import json
import math
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
A4 = (1240, 1754)  # A4 at 150 dpi


def font(size: int, bold: bool = False, mono: bool = False) -> ImageFont.FreeTypeFont:
    import matplotlib.font_manager as fm
    family = "DejaVu Sans Mono" if mono else "DejaVu Sans"
    path = fm.findfont(fm.FontProperties(family=family, weight="bold" if bold else "normal"))
    return ImageFont.truetype(path, size)


class Page:
    """A white page that records what is drawn on it."""

    def __init__(self, name: str, kind: str, size=A4):
        self.name, self.kind = name, kind
        self.image = Image.new("RGB", size, "white")
        self.draw = ImageDraw.Draw(self.image)
        self.truth = {"file": f"{name}.png", "kind": kind, "size": list(size), "segments": [],
                      "key_values": [], "tables": [], "checkboxes": [], "signatures": [],
                      "queries": [], "expense": None}

    # -- primitives --
    def text(self, x, y, s, size=20, bold=False, mono=False, right=False, centre=False):
        f = font(size, bold, mono)
        left, top, r, b = self.draw.textbbox((0, 0), s, font=f)
        w = r - left
        if right:
            x -= w
        elif centre:
            x -= w / 2
        self.draw.text((x, y), s, font=f, fill="black")
        box = [round(v) for v in self.draw.textbbox((x, y), s, font=f)]
        self.truth["segments"].append({"text": s, "box": box})
        return box

    def rule(self, x0, y0, x1, y1, width=2):
        self.draw.line([(x0, y0), (x1, y1)], fill="black", width=width)

    def rect(self, x0, y0, x1, y1, width=2):
        self.draw.rectangle([x0, y0, x1, y1], outline="black", width=width)

    # -- recorded structures --
    def kv(self, x, y, key, value, size=20, gap=None):
        """'Key: value' on one line (gap=None) or the value at x+gap."""
        if gap is None:
            self.text(x, y, f"{key}: {value}", size)
        else:
            self.text(x, y, f"{key}:", size)
            self.text(x + gap, y, value, size)
        self.truth["key_values"].append({"key": key, "value": value})

    def boxed_field(self, x, y, w, label, value, size=20):
        """A label above a rectangle holding the value, as on printed forms."""
        self.text(x, y, label, size - 4)
        self.rect(x, y + 26, x + w, y + 26 + 44)
        self.text(x + 10, y + 36, value, size)
        self.truth["key_values"].append({"key": label, "value": value})

    def checkbox(self, x, y, label, checked, size=20):
        s = 22
        self.rect(x, y + 2, x + s, y + 2 + s, width=2)
        if checked:
            self.rule(x + 4, y + 6, x + s - 4, y + s - 2, 3)
            self.rule(x + s - 4, y + 6, x + 4, y + s - 2, 3)
        self.text(x + s + 10, y, label, size)
        status = "SELECTED" if checked else "NOT_SELECTED"
        self.truth["checkboxes"].append({"label": label, "box": [x, y + 2, x + s, y + 2 + s],
                                         "status": status})
        self.truth["key_values"].append({"key": label, "value": status})

    def signature(self, x, y, w=260, h=60, seed=1):
        """A handwritten-looking scribble: a pen path of summed sine waves."""
        pts = []
        for i in range(240):
            t = i / 239
            px = x + t * w
            py = y + h / 2 + h * 0.32 * math.sin(2 * math.pi * (3 + seed) * t) \
                + h * 0.14 * math.sin(2 * math.pi * (11 + 2 * seed) * t + seed)
            pts.append((px, py))
        self.draw.line(pts, fill=(20, 20, 90), width=3, joint="curve")
        self.draw.line([(x + w * 0.1, y + h * 0.85), (x + w * 0.95, y + h * 0.7)],
                       fill=(20, 20, 90), width=2)
        self.truth["signatures"].append([x, y, x + w, y + h])

    def table(self, x, y, widths, rows, row_h=44, ruled=True, size=20, header=True,
              merges=(), align=None, title=None):
        """A table; rows[r][c] is the cell text; merges lists (row, col, row_span, col_span)
        whose text sits in rows[row][col] and is drawn across the merged area."""
        if title:
            self.text(x, y - 40, title, size + 2, bold=True)
        xs = [x]
        for w in widths:
            xs.append(xs[-1] + w)
        ys = [y + r * row_h for r in range(len(rows) + 1)]
        covered = {}
        for r0, c0, rs, cs in merges:
            for r in range(r0, r0 + rs):
                for c in range(c0, c0 + cs):
                    covered[(r, c)] = (r0, c0, rs, cs)
        cells = []
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                span = covered.get((r, c))
                if span and (r, c) != span[:2]:
                    continue
                rs, cs = (span[2], span[3]) if span else (1, 1)
                x0, x1, y0 = xs[c], xs[c + cs], ys[r]
                y1 = ys[r + rs]
                if value:
                    bold = header and r == 0
                    ty = (y0 + y1) / 2 - size * 0.6
                    if (align or "l" * len(widths))[c] == "r" and not span:
                        self.text(x1 - 12, ty, value, size, bold=bold, right=True)
                    elif span and cs > 1:
                        self.text((x0 + x1) / 2, ty, value, size, bold=bold, centre=True)
                    else:
                        self.text(x0 + 12, ty, value, size, bold=bold)
                cells.append({"row": r + 1, "column": c + 1, "row_span": rs, "column_span": cs,
                              "text": value})
        if ruled:
            self.rect(xs[0], ys[0], xs[-1], ys[-1])
            for r in range(1, len(rows)):
                for c in range(len(widths)):
                    if not _same_span(covered, (r - 1, c), (r, c)):
                        self.rule(xs[c], ys[r], xs[c + 1], ys[r])
            for c in range(1, len(widths)):
                for r in range(len(rows)):
                    if not _same_span(covered, (r, c - 1), (r, c)):
                        self.rule(xs[c], ys[r], xs[c], ys[r + 1])
        self.truth["tables"].append({"ruled": ruled, "box": [xs[0], ys[0], xs[-1], ys[-1]],
                                     "rows": len(rows), "columns": len(widths), "cells": cells})
        return ys[-1]

    def query(self, question, answer):
        self.truth["queries"].append({"text": question, "answer": answer})

    def save(self):
        self.image.save(HERE / f"{self.name}.png", optimize=True)
        (HERE / f"{self.name}.json").write_text(json.dumps(self.truth, indent=1) + "\n")
        return self


def _same_span(covered, a, b) -> bool:
    return a in covered and covered.get(a) == covered.get(b)


# ----- documents -----

def invoice(name, vendor, address, number, date, due, bill_to, items, tax_rate, ruled):
    p = Page(name, "invoice")
    p.text(80, 70, vendor, 34, bold=True)
    p.text(80, 120, address, 18)
    p.text(1160, 70, "INVOICE", 34, bold=True, right=True)
    p.kv(80, 200, "Invoice Number", number)
    p.kv(80, 240, "Invoice Date", date)
    p.kv(80, 280, "Due Date", due)
    p.kv(700, 200, "Bill To", bill_to)
    rows = [["Description", "Qty", "Unit Price", "Amount"]]
    subtotal = 0.0
    for desc, qty, price in items:
        amount = qty * price
        subtotal += amount
        rows.append([desc, str(qty), f"{price:.2f}", f"{amount:.2f}"])
    bottom = p.table(80, 380, [520, 120, 220, 220], rows, ruled=ruled, align="lrrr")
    tax = round(subtotal * tax_rate, 2)
    total = subtotal + tax
    y = bottom + 40
    p.kv(760, y, "Subtotal", f"{subtotal:.2f}")
    p.kv(760, y + 40, "Tax", f"{tax:.2f}")
    p.kv(760, y + 80, "Total", f"{total:.2f}")
    p.text(80, 1600, "Thank you for your business. Payment within 30 days.", 18)
    p.truth["expense"] = {
        "summary": {"VENDOR_NAME": vendor, "INVOICE_RECEIPT_ID": number,
                    "INVOICE_RECEIPT_DATE": date, "DUE_DATE": due, "RECEIVER_NAME": bill_to,
                    "SUBTOTAL": f"{subtotal:.2f}", "TAX": f"{tax:.2f}", "TOTAL": f"{total:.2f}"},
        "line_items": [{"ITEM": r[0], "QUANTITY": r[1], "UNIT_PRICE": r[2], "PRICE": r[3]}
                       for r in rows[1:]]}
    p.query("What is the invoice number?", number)
    p.query("What is the total?", f"{total:.2f}")
    p.query("When is the payment due?", due)
    return p.save()


def receipt(name, store, address, date, time, items, tax_rate, payment):
    p = Page(name, "receipt", size=(640, 1100))
    p.text(320, 50, store, 30, bold=True, mono=True, centre=True)
    p.text(320, 100, address, 18, mono=True, centre=True)
    p.text(60, 160, f"Date: {date}", 20, mono=True)
    p.text(580, 160, f"Time: {time}", 20, mono=True, right=True)
    y = 230
    subtotal = 0.0
    lines = []
    for desc, qty, price in items:
        amount = qty * price
        subtotal += amount
        label = f"{qty} x {desc}" if qty > 1 else desc
        p.text(60, y, label, 20, mono=True)
        p.text(580, y, f"{amount:.2f}", 20, mono=True, right=True)
        # Textract reports a QUANTITY only where one is printed ("3 x Croissant").
        lines.append({"ITEM": desc, **({"QUANTITY": str(qty)} if qty > 1 else {}),
                      "PRICE": f"{amount:.2f}"})
        y += 40
    p.rule(60, y + 5, 580, y + 5, 1)
    tax = round(subtotal * tax_rate, 2)
    total = subtotal + tax
    for label, value in (("Subtotal", subtotal), ("Tax", tax), ("Total", total)):
        y += 45
        p.text(60, y, label, 22 if label == "Total" else 20, mono=True, bold=label == "Total")
        p.text(580, y, f"{value:.2f}", 22 if label == "Total" else 20, mono=True, right=True,
               bold=label == "Total")
    p.text(60, y + 70, f"Paid by {payment}", 20, mono=True)
    p.text(320, y + 140, "Thank you!", 20, mono=True, centre=True)
    p.truth["key_values"] = [{"key": "Date", "value": date}, {"key": "Time", "value": time}]
    p.truth["expense"] = {
        "summary": {"VENDOR_NAME": store, "INVOICE_RECEIPT_DATE": date,
                    "SUBTOTAL": f"{subtotal:.2f}", "TAX": f"{tax:.2f}", "TOTAL": f"{total:.2f}"},
        "line_items": lines}
    p.query("What is the total?", f"{total:.2f}")
    p.query("What is the date?", date)
    return p.save()


def form_colon(name):
    p = Page(name, "form")
    p.text(80, 70, "Employee Onboarding Form", 34, bold=True)
    p.text(80, 125, "Please complete every field and sign at the bottom.", 18)
    fields = [("Full Name", "Maria Jensen"), ("Employee ID", "E-10473"),
              ("Date of Birth", "1991-04-17"), ("Department", "Logistics"),
              ("Start Date", "2024-09-02"), ("Phone", "555-0142"),
              ("Email", "m.jensen@example.com"), ("Manager", "Tomas Alvarez")]
    for i, (k, v) in enumerate(fields):
        col, row = i % 2, i // 2
        p.kv(80 + col * 580, 200 + row * 60, k, v)
    p.text(80, 480, "Employment type", 22, bold=True)
    p.checkbox(80, 530, "Full-time", True)
    p.checkbox(330, 530, "Part-time", False)
    p.checkbox(580, 530, "Contractor", False)
    p.text(80, 610, "Parking permit required", 22, bold=True)
    p.checkbox(80, 660, "Yes", False)
    p.checkbox(330, 660, "No", True)
    p.text(80, 800, "Signature:", 20)
    p.signature(240, 770, seed=1)
    p.kv(700, 800, "Date", "2024-08-28")
    p.query("What is the employee ID?", "E-10473")
    p.query("Who is the manager?", "Tomas Alvarez")
    p.query("What is the start date?", "2024-09-02")
    return p.save()


def form_boxes(name):
    p = Page(name, "form")
    p.text(80, 70, "Vehicle Registration Request", 34, bold=True)
    p.text(80, 125, "Section A - Owner", 22, bold=True)
    p.boxed_field(80, 180, 500, "Owner Name", "Daniel Okafor")
    p.boxed_field(660, 180, 500, "Licence Number", "DL-883-120-7")
    p.boxed_field(80, 290, 1080, "Street Address", "14 Harbour Road, Port Ellis")
    p.text(80, 420, "Section B - Vehicle", 22, bold=True)
    p.boxed_field(80, 475, 340, "Make", "Toyota")
    p.boxed_field(460, 475, 340, "Model", "Corolla")
    p.boxed_field(840, 475, 320, "Year", "2019")
    p.boxed_field(80, 585, 500, "Plate Number", "KX-4471")
    p.boxed_field(660, 585, 500, "Colour", "Silver")
    p.text(80, 720, "Use of vehicle", 22, bold=True)
    p.checkbox(80, 770, "Private", True)
    p.checkbox(330, 770, "Commercial", False)
    p.text(80, 900, "Owner signature", 18)
    p.signature(80, 930, w=300, seed=2)
    p.query("What is the plate number?", "KX-4471")
    p.query("What is the owner name?", "Daniel Okafor")
    return p.save()


def table_doc(name, title, widths, rows, ruled, merges=(), align=None, intro=None):
    p = Page(name, "table", size=(1240, 900))
    if intro:
        p.text(80, 60, intro, 20)
    p.table(80, 180, widths, rows, ruled=ruled, merges=merges, align=align, title=title)
    return p.save()


def multipage():
    """Three pages (a letter, a table, a form) as PNG pages and one PDF made by Pillow."""
    pages = []
    p = Page("multipage_p1", "letter")
    p.text(80, 80, "Quarterly Supplier Review", 32, bold=True)
    body = ["This review covers deliveries from July to September.",
            "Northwind Office Supply met every delivery date in the quarter.",
            "Contoso Hardware delivered two orders late because of a port closure.",
            "The purchasing team recommends renewing both contracts for one year.",
            "Figures by supplier are on page 2 and the approval form is on page 3."]
    for i, line in enumerate(body):
        p.text(80, 170 + i * 42, line, 20)
    pages.append(p)
    p = Page("multipage_p2", "table")
    p.table(80, 200, [420, 200, 200, 220],
            [["Supplier", "Orders", "Late", "Spend"], ["Northwind Office Supply", "14", "0",
             "18,240.00"], ["Contoso Hardware", "9", "2", "12,115.50"],
             ["Fabrikam Stationers", "6", "1", "3,480.75"]], align="lrrr",
            title="Deliveries by supplier")
    pages.append(p)
    p = Page("multipage_p3", "form")
    p.text(80, 80, "Contract Renewal Approval", 32, bold=True)
    p.kv(80, 180, "Approved By", "Helen Park")
    p.kv(80, 230, "Approval Date", "2024-10-04")
    p.kv(80, 280, "Contract Term", "12 months")
    p.text(80, 380, "Signature:", 20)
    p.signature(240, 350, seed=3)
    p.query("Who approved the contract?", "Helen Park")
    pages.append(p)
    truth = {"file": "multipage.pdf", "kind": "multipage", "pages": [pg.truth for pg in pages]}
    images = [pg.image for pg in pages]
    fixed = time.gmtime(1728000000)  # 2024-10-04: the same bytes on every run
    images[0].save(HERE / "multipage.pdf", "PDF", save_all=True, append_images=images[1:],
                   resolution=150.0, title="Quarterly Supplier Review", creationDate=fixed,
                   modDate=fixed)
    (HERE / "multipage.json").write_text(json.dumps(truth, indent=1) + "\n")


def main():
    invoice("invoice_01", "Northwind Office Supply", "12 Mill Lane, Brookfield, BF4 2QT",
            "INV-2024-0042", "2024-03-15", "2024-04-14", "Acme Widgets Ltd",
            [("Steel bolts M8 (box of 100)", 3, 12.40), ("Printer paper A4", 10, 4.95),
             ("Desk lamp LED", 2, 27.00), ("Whiteboard markers", 6, 1.85)], 0.08, True)
    invoice("invoice_02", "Contoso Hardware", "400 Quarry Street, Ridgeway, RW7 9LP",
            "C-88120", "2024-05-02", "2024-06-01", "Lakeside Dental Clinic",
            [("Cordless drill 18V", 1, 89.99), ("Wood screws 4x40", 4, 6.25),
             ("Safety goggles", 3, 7.50)], 0.2, False)
    invoice("invoice_03", "Fabrikam Stationers", "7 Canal Walk, Easton, EA1 5RD",
            "FS-3307", "2024-07-21", "2024-08-20", "Harbour View Hotel",
            [("Envelopes C5 (pack of 50)", 8, 3.20), ("Ballpoint pens blue", 20, 0.45),
             ("Archive boxes", 12, 2.75), ("Stapler heavy duty", 2, 18.90),
             ("Label printer tape", 5, 9.60)], 0.1, True)
    receipt("receipt_01", "Corner Bakery", "22 High Street, Brookfield", "2024-03-09", "08:42",
            [("Sourdough loaf", 1, 4.20), ("Croissant", 3, 1.60), ("Flat white", 2, 3.10)],
            0.05, "card")
    receipt("receipt_02", "Green Grocer Market", "3 Station Road, Ridgeway", "2024-04-27",
            "17:15", [("Apples 1kg", 2, 2.49), ("Olive oil 500ml", 1, 6.80),
                      ("Basmati rice 2kg", 1, 4.35), ("Cherry tomatoes", 2, 1.99)], 0.0, "cash")
    receipt("receipt_03", "City Parking Ltd", "Level 2, Central Car Park", "2024-06-11",
            "13:05", [("Parking 3 hours", 1, 7.50), ("Car wash", 1, 12.00)], 0.2, "card")
    form_colon("form_01")
    form_boxes("form_02")
    table_doc("table_ruled_01", "Training schedule", [300, 300, 240, 260],
              [["Course", "Trainer", "Room", "Date"],
               ["Forklift safety", "J. Moreau", "B12", "2024-02-05"],
               ["First aid", "A. Singh", "C03", "2024-02-12"],
               ["Fire warden", "L. Chen", "B12", "2024-02-19"],
               ["Manual handling", "R. Costa", "A01", "2024-02-26"]], ruled=True)
    table_doc("table_ruled_02", "Regional sales (units)", [260, 200, 200, 200, 200],
              [["Region", "Q1", "", "Q2", ""],
               ["", "Online", "Store", "Online", "Store"],
               ["North", "120", "340", "150", "310"],
               ["South", "95", "280", "110", "300"],
               ["West", "60", "190", "85", "205"]], ruled=True,
              merges=[(0, 1, 1, 2), (0, 3, 1, 2), (0, 0, 2, 1)], align="lrrrr")
    table_doc("table_unruled_01", "Staff directory", [320, 300, 200, 260],
              [["Name", "Role", "Extension", "Office"],
               ["Ingrid Holm", "Accountant", "2041", "North wing"],
               ["Kwame Mensah", "Engineer", "2177", "Lab 3"],
               ["Sofia Rossi", "Designer", "2093", "Studio"],
               ["Yuki Tanaka", "Analyst", "2210", "North wing"]], ruled=False,
              intro="Internal use only. Updated every quarter.")
    table_doc("table_unruled_02", "Monthly utilities", [300, 240, 240, 240],
              [["Month", "Electricity", "Water", "Gas"],
               ["January", "412.30", "88.10", "230.55"],
               ["February", "398.75", "84.60", "214.90"],
               ["March", "356.20", "91.05", "180.40"],
               ["April", "301.85", "86.70", "142.15"],
               ["May", "288.40", "95.25", "98.60"]], ruled=False, align="lrrr")
    multipage()


if __name__ == "__main__":
    main()
