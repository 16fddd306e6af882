"""Polly's <say-as> for English voices: the words to speak for digits, numbers, dates, times, phone numbers.

Returns None where the kit has no rule (other languages, unit, address, interjection): the text is
then read as written by espeak-ng, and the response notes say so.
"""
from __future__ import annotations

import re

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = [(10 ** 9, "billion"), (10 ** 6, "million"), (1000, "thousand"), (100, "hundred")]
_ORDINAL_WORDS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                  "nine": "ninth", "twelve": "twelfth"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DATE_FORMATS = {"mdy", "dmy", "ymd", "md", "dm", "ym", "my", "d", "m", "y", "yyyymmdd"}


def cardinal(n: int) -> str:
    if n < 0:
        return "minus " + cardinal(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")
    for value, name in _SCALES:
        if n >= value:
            head, rest = divmod(n, value)
            return f"{cardinal(head)} {name}" + (f" {cardinal(rest)}" if rest else "")
    return str(n)


def ordinal(n: int) -> str:
    words = cardinal(n)
    head, sep, last = words.rpartition(" " if "-" not in words.split(" ")[-1] else "-")
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def year(n: int) -> str:
    """Years as people say them: 1999 nineteen ninety-nine, 2005 two thousand five, 2024 twenty twenty-four."""
    if 1000 <= n <= 9999 and not (2000 <= n <= 2009) and n % 1000 >= 10:
        hi, lo = divmod(n, 100)
        return cardinal(hi) + " " + ("hundred" if lo == 0 else ("oh " + _ONES[lo] if lo < 10 else cardinal(lo)))
    return cardinal(n)


def _int(text: str) -> int | None:
    digits = re.sub(r"[,\s]", "", text)
    return int(digits) if re.fullmatch(r"-?\d+", digits) else None


def _date(text: str, fmt: str | None) -> str | None:
    fmt = (fmt or "mdy").lower()
    if fmt not in DATE_FORMATS:
        return None
    if fmt == "yyyymmdd":
        m = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})", text.strip())
        parts, order = (m.groups() if m else None), "ymd"
    else:
        parts, order = re.findall(r"\d+|\?+", text), fmt
        if len(parts) != len(order):
            return None
    if not parts:
        return None
    values = {k: (None if "?" in v else int(v)) for k, v in zip(order, parts)}
    month = values.get("m")
    if month is not None and not 1 <= month <= 12:
        return None
    words = []
    if "m" in values and month:
        words.append(MONTHS[month - 1])
    if values.get("d"):
        words.append(("" if month else "the ") + ordinal(values["d"]))
    if values.get("y") is not None:
        y = values["y"]
        words.append(year(y) if y >= 100 else cardinal(y))
    return " ".join(words) or None


def _time(text: str) -> str | None:
    m = re.fullmatch(r"\s*(?:(\d+)')?\s*(?:(\d+(?:\.\d+)?)\")?\s*", text)
    if m and (m.group(1) or m.group(2)):
        out = []
        if m.group(1):
            out.append(f"{cardinal(int(m.group(1)))} minute" + ("s" if int(m.group(1)) != 1 else ""))
        if m.group(2):
            sec = float(m.group(2))
            out.append(f"{m.group(2)} second" + ("s" if sec != 1 else ""))
        return " ".join(out)
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*([aApP]\.?[mM]\.?)?\s*", text)
    if m:
        h, mi = int(m.group(1)), int(m.group(2))
        words = cardinal(h) + (" o'clock" if mi == 0 else (" oh " + _ONES[mi] if mi < 10 else " " + cardinal(mi)))
        if m.group(3):
            words += " " + " ".join(c for c in m.group(3).upper() if c.isalpha())
        return words
    return None


def _telephone(text: str) -> str | None:
    groups = re.findall(r"\d+", text)
    if not groups:
        return None
    return ", ".join(" ".join(_ONES[int(d)] for d in g) for g in groups)


def _fraction(text: str) -> str | None:
    m = re.fullmatch(r"\s*(?:(\d+)\s*\+?\s+)?(\d+)\s*/\s*(\d+)\s*", text)
    if not m:
        return None
    whole, num, den = m.group(1), int(m.group(2)), int(m.group(3))
    if den == 0:
        return None
    if den == 2:
        part = cardinal(num) + (" half" if num == 1 else " halves")
    elif den == 4:
        part = cardinal(num) + (" quarter" if num == 1 else " quarters")
    else:
        part = cardinal(num) + " " + ordinal(den) + ("" if num == 1 else "s")
    return (cardinal(int(whole)) + " and " + part) if whole else part


def expand(kind: str, text: str, fmt: str | None = None) -> str | None:
    """Words for `<say-as interpret-as=kind format=fmt>text</say-as>` (English), or None."""
    if kind in ("cardinal", "number"):
        n = _int(text)
        return cardinal(n) if n is not None else None
    if kind == "ordinal":
        n = _int(re.sub(r"(st|nd|rd|th)$", "", text.strip()))
        return ordinal(n) if n is not None else None
    if kind == "digits":
        digits = [c for c in text if c.isdigit()]
        return " ".join(_ONES[int(c)] for c in digits) if digits else None
    if kind == "date":
        return _date(text, fmt)
    if kind == "time":
        return _time(text)
    if kind == "telephone":
        return _telephone(text)
    if kind == "fraction":
        return _fraction(text)
    return None
