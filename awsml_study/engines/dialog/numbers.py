"""Spoken numbers to digits: "twenty three" -> 23, "one two three" -> "123" (digit by digit)."""
from __future__ import annotations

import re

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
UNITS.update({"oh": 0, "a": 1, "an": 1})
TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20,
            "thirtieth": 30}
_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?|-")


def words_to_number(text: str) -> float | None:
    """The number a phrase says ("two hundred and five", "3.5", "minus four"), or None."""
    tokens = [t for t in _TOKEN.findall(text.lower().replace(",", "")) if t not in ("and", "-")]
    if not tokens:
        return None
    sign = 1
    if tokens[0] in ("minus", "negative"):
        sign, tokens = -1, tokens[1:]
    if len(tokens) == 1 and re.fullmatch(r"\d+(?:\.\d+)?", tokens[0]):
        return sign * float(tokens[0])
    total = current = 0
    seen = False
    for i, t in enumerate(tokens):
        if t == "point" and seen:
            digits = "".join(str(UNITS.get(x, "")) for x in tokens[i + 1:])
            return sign * float(f"{total + current}.{digits or 0}")
        if t in ("a", "an") and (i + 1 >= len(tokens) or tokens[i + 1] not in SCALES):
            return None
        if t in UNITS:
            current += UNITS[t]
        elif t in TENS:
            current += TENS[t]
        elif t in ORDINALS:
            current += ORDINALS[t]
        elif t in SCALES:
            scale = SCALES[t]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        elif t.isdigit():
            current += int(t)
        else:
            return None
        seen = True
    return sign * (total + current) if seen else None


def digits_of(text: str) -> str:
    """Digits spoken one by one or written ("five five five one two" -> "55512")."""
    out = []
    for t in _TOKEN.findall(text.lower()):
        if t.isdigit():
            out.append(t)
        elif t in UNITS and UNITS[t] < 10 and t not in ("a", "an"):
            out.append(str(UNITS[t]))
        elif t in ("double", "triple"):
            out.append(t)
    # "double five" -> "55"
    result, i = [], 0
    while i < len(out):
        if out[i] in ("double", "triple") and i + 1 < len(out):
            result.append(out[i + 1] * (2 if out[i] == "double" else 3))
            i += 2
        else:
            result.append(out[i])
            i += 1
    return "".join(r for r in result if r not in ("double", "triple"))


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
