"""Personally identifiable information: patterns with checks (Luhn for cards), names from spaCy + census lists.

Shared by Comprehend (DetectPiiEntities, ContainsPiiEntities, PII jobs) and Transcribe redaction.
"""
from __future__ import annotations

import ipaddress
import re

from awsml_study.engines.text import nlp

_STREET = (r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|"
           r"Terrace|Parkway|Pkwy|Highway|Hwy|Circle|Cir")
_MONTH = (r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?")

# (type, pattern, score). Order matters only for ties; longer matches win overlaps.
PATTERNS = [
    ("EMAIL", r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", 0.9999),
    ("URL", r"\b(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)]", 0.9999),
    ("IP_ADDRESS", r"\b(?:\d{1,3}\.){3}\d{1,3}\b", 0.9999),
    ("MAC_ADDRESS", r"\b(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}\b", 0.999),
    ("AWS_ACCESS_KEY", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", 0.999),
    # Format only, as Comprehend does: 9xx area numbers are never issued but still look like SSNs.
    ("SSN", r"\b(?!000)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b", 0.9999),
    ("CREDIT_DEBIT_NUMBER", r"\b\d(?:[ -]?\d){12,18}\b", 0.9999),
    ("PHONE", r"(?<![\w-])(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}\b", 0.9999),
    ("ADDRESS", r"\b\d{1,6}\s+(?:[A-Z][a-z]+\.?\s+){1,4}(?:" + _STREET + r")\b\.?"
                r"(?:,?\s+(?:Apt|Suite|Unit)\.?\s*#?\w+)?"
                r"(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)*)?(?:,\s*[A-Z]{2})?(?:\s+\d{5}(?:-\d{4})?)?", 0.999),
    ("DATE_TIME", r"\b(?:\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?Z?)?|"
                  r"(?:" + _MONTH + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|"
                  r"\d{1,2}(?:st|nd|rd|th)?\s+(?:" + _MONTH + r")(?:\s+\d{4})?|"
                  r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*(?:UTC|GMT|[ECMP][SD]T)\b)?|"
                  r"\d{1,2}\s*[AaPp]\.?[Mm]\.?|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)", 0.999),
    ("AGE", r"\b\d{1,3}(?=[- ]years?[- ]old\b)", 0.999),
]
_COMPILED = [(kind, re.compile(p), score) for kind, p, score in PATTERNS]
SUPPORTED_TYPES = sorted({k for k, _, _ in PATTERNS} | {"NAME"})


def luhn_ok(number: str) -> bool:
    """The Luhn checksum that every payment card number satisfies."""
    digits = [int(d) for d in number if d.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return len(digits) >= 13 and total % 10 == 0


def _valid(kind: str, text: str) -> bool:
    if kind == "CREDIT_DEBIT_NUMBER":
        return luhn_ok(text)
    if kind == "IP_ADDRESS":
        try:
            ipaddress.ip_address(text)
        except ValueError:
            return False
    return True


def _looks_like_date(span: str) -> bool:
    # spaCy calls long digit runs (order numbers) dates; a date has few digits and a word or mark.
    digits = sum(ch.isdigit() for ch in span)
    return 0 < digits <= 8 and any(ch.isalpha() or ch in "/:-" for ch in span)


_JOIN = re.compile(r"^(?:\s*(?:at|on|,)\s*)+$|^\s+$")


def _merge_date_times(text: str, found: list[tuple]) -> list[tuple]:
    """'4:37 PM on Friday, January 12, 2024' is one DATE_TIME, not two."""
    dates = sorted(f for f in found if f[2] == "DATE_TIME")
    others = [f for f in found if f[2] != "DATE_TIME"]
    merged: list[tuple] = []
    for span in dates:
        if merged and (span[0] <= merged[-1][1] or _JOIN.match(text[merged[-1][1]:span[0]])):
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], span[1]), "DATE_TIME", min(last[3], span[3]))
        else:
            merged.append(span)
    trimmed = []
    for b, e, kind, score in merged:
        if text[b:e].endswith((" ", ".")) and not re.search(r"[ap]\.m\.$", text[b:e], re.I):
            e = b + len(text[b:e].rstrip(" ."))
        trimmed.append((b, e, kind, score))
    return others + trimmed


def find(text: str) -> list[dict]:
    """PII entities [{Type, Score, BeginOffset, EndOffset}] sorted by offset, overlaps resolved."""
    found = []
    for kind, pattern, score in _COMPILED:
        for m in pattern.finditer(text):
            if _valid(kind, m.group()):
                found.append((m.start(), m.end(), kind, score))
    for ent in nlp.parse(text).ents:
        if ent.label_ == "PERSON":
            # "Applicant Evelyn Brandt": leading common nouns are not part of the name
            tokens = [t for t in ent]
            while len(tokens) > 1 and tokens[0].pos_ != "PROPN":
                tokens.pop(0)
            found.append((tokens[0].idx, nlp._without_possessive(ent), "NAME", 0.98))
        elif ent.label_ in ("DATE", "TIME") and _looks_like_date(ent.text):
            found.append((ent.start_char, ent.end_char, "DATE_TIME", 0.97))
    found = _merge_date_times(text, found)
    # Keep the longest span where spans overlap (a phone number inside an address, say).
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    kept: list[tuple] = []
    for span in found:
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    kept.sort()
    return [{"Score": s, "Type": t, "BeginOffset": b, "EndOffset": e} for b, e, t, s in kept]


def redact(text: str, mask: str | None = None, entity_types: set[str] | None = None,
           replace_with_type: bool = False) -> str:
    """Text with PII replaced: by `mask` repeated, by [TYPE], or by [PII] (Transcribe's way)."""
    out, last = [], 0
    for ent in find(text):
        if entity_types and ent["Type"] not in entity_types and "ALL" not in entity_types:
            continue
        b, e = ent["BeginOffset"], ent["EndOffset"]
        if replace_with_type:
            repl = f"[{ent['Type']}]"
        elif mask:
            repl = mask * (e - b)
        else:
            repl = "[PII]"
        out.append(text[last:b] + repl)
        last = e
    return "".join(out) + text[last:]
