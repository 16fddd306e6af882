"""Forms in fonts, sizes and layouts the kit's samples never use, with their ground truth.

The Textract samples (data/textract/) are all DejaVu Sans in one layout; the form engine was built
on them. These pages are drawn in other fonts shipped with matplotlib (DejaVu Serif, DejaVu Sans
Mono, STIX, Computer Modern) at 12-30 px, in one or two columns, with the value after the colon at
one space, at a tab stop, or on the line below, so the benchmark measures key/value pairing on layouts
nobody tuned it for. Deterministic: `pages(seed)` draws the same pages every run.
"""
from __future__ import annotations

import random

from PIL import Image, ImageDraw, ImageFont

FONTS = ("DejaVuSerif.ttf", "DejaVuSansMono.ttf", "STIXGeneral.ttf", "cmr10.ttf", "DejaVuSans-Bold.ttf")
GIVEN = ("Ana", "Helena", "Tomasz", "Yuki", "Oluwaseun", "Maria", "Jean-Luc", "Priya", "Sven", "Leila",
         "Mateo", "Chloe", "Dmitri", "Aisha", "Kwame", "Ingrid")
FAMILY = ("Lopez", "Marsh", "Kowalski", "Tanaka", "Adeyemi", "Rossi", "Picard", "Raman", "Berg",
          "Haddad", "Silva", "Dubois", "Ivanov", "Khan", "Mensah", "Larsen")
STREETS = ("Harbour Road", "Elm Street", "Rue de la Paix", "Station Lane", "Park Avenue")
CITIES = ("Porto", "Leeds", "Gdansk", "Osaka", "Lagos", "Turin", "Lyon", "Pune")


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    import matplotlib
    from pathlib import Path
    return ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name), size)


def _fields(rng: random.Random) -> list[tuple[str, str]]:
    person = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
    return [
        ("Customer", person),
        ("Invoice number", f"INV-{rng.randint(1000, 99999)}"),
        ("Date", f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/20{rng.randint(20, 27)}"),
        ("Address", f"{rng.randint(1, 250)} {rng.choice(STREETS)}"),
        ("City", rng.choice(CITIES)),
        ("Phone", f"+44 {rng.randint(1000, 9999)} {rng.randint(100000, 999999)}"),
        ("Account manager", f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"),
        ("Total due", f"{rng.randint(10, 9999)}.{rng.randint(0, 99):02d}"),
    ]


def page(seed: int, size=(1240, 1754)):
    """(PIL image, [(key, value)]) for one page drawn from `seed`."""
    rng = random.Random(seed)
    font_name = FONTS[seed % len(FONTS)]
    px = rng.randint(12, 30)
    font = _font(font_name, px)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.text((80, 60), "Statement of account", font=_font(font_name, px + 12), fill="black")
    fields = rng.sample(_fields(rng), 6)
    layout = seed % 4           # 0: "Key: value"; 1: value at a tab stop; 2: two columns; 3: below
    y = 160
    truth = []
    for n, (key, value) in enumerate(fields):
        if layout == 2:
            x, y_row = (80 if n % 2 == 0 else size[0] // 2 + 20), 160 + (n // 2) * int(px * 3.2)
        else:
            x, y_row = 80, y
        label = f"{key}:"
        draw.text((x, y_row), label, font=font, fill="black")
        width = draw.textbbox((0, 0), label, font=font)[2]
        if layout == 3:  # the value on the line below its label
            draw.text((x, y_row + int(px * 1.3)), value, font=font, fill="black")
            y += int(px * 1.3)
        else:
            gap = int(px * 0.5) if layout != 1 else max(int(px * 0.5), 360 - width)
            draw.text((x + width + gap, y_row), value, font=font, fill="black")
        truth.append((key, value))
        y += int(px * 2.4)
    return image, truth


def pages(count: int = 12, first_seed: int = 100):
    return [page(first_seed + i) for i in range(count)]
