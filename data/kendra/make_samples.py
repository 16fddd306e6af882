"""Builds the two binary samples of data/kendra/docs (a Word file and a PDF) from text written
for the kit. Run: .venv/bin/python data/kendra/make_samples.py"""
from pathlib import Path

HERE = Path(__file__).parent / "docs"

WELLBEING = [
    ("Title", "Wellbeing and the employee assistance programme"),
    ("Normal", "The employee assistance programme (EAP) offers free, confidential counselling to every "
               "employee and their household, by phone or video, 24 hours a day."),
    ("Normal", "Call 0800 555 0199 or book through the wellbeing app. Up to eight counselling sessions "
               "per topic are paid by the company each year; your manager is not told that you called."),
    ("Heading 1", "Gym and sport"),
    ("Normal", "The company pays half of a gym or sports club membership, up to 30 euros a month. "
               "Claim it as an expense with the membership invoice."),
    ("Heading 1", "Mental health first aiders"),
    ("Normal", "Every office has trained mental health first aiders. Their names are on the notice "
               "board by reception and in the wellbeing app."),
]

REMOTE = [
    "Working from home policy",
    "",
    "Employees may work from home up to three days a week when their role allows it.",
    "Agree your pattern with your manager and record it in the HR portal.",
    "",
    "Equipment: the company lends a monitor, keyboard and chair for home use.",
    "Order them in the facilities app; they are delivered within ten working days.",
    "",
    "Internet costs are covered by a home-working allowance of 20 euros a month,",
    "paid with your salary once your pattern is recorded.",
    "",
    "Working from another country needs approval from HR and is limited to 20 days a year.",
]


def make_docx(path: Path) -> None:
    import docx
    d = docx.Document()
    d.core_properties.title = WELLBEING[0][1]
    for style, text in WELLBEING:
        d.add_paragraph(text, style=style)
    d.save(path)


def make_pdf(path: Path, lines: list[str]) -> None:
    """A one-page PDF with a real text layer (Helvetica), written by hand: no PDF library needed."""
    def esc(s):
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    ops = ["BT", "/F1 16 Tf", "72 740 Td", f"({esc(lines[0])}) Tj", "/F1 11 Tf", "0 -28 Td"]
    for line in lines[1:]:
        ops += [f"({esc(line)}) Tj", "0 -16 Td"]
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (" + esc(lines[0]).encode("latin-1") + b") >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


if __name__ == "__main__":
    make_docx(HERE / "wellbeing.docx")
    make_pdf(HERE / "remote-work.pdf", REMOTE)
    print("wrote", HERE / "wellbeing.docx", HERE / "remote-work.pdf")
