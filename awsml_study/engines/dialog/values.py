"""Slot value resolution: built-in slot types by real parsers, custom types by value, synonym or fuzzy match."""
# `resolve(slot_type, text)` returns a `Resolved(original, interpreted, resolved)` or None when the
# text holds no value of that type. Built-in types follow Lex V2's output formats: AMAZON.Date gives
# ISO 8601 dates (relative dates like "next Friday" resolved against today), AMAZON.Time gives
# HH:MM, AMAZON.Number digits, AMAZON.PhoneNumber the digits said, AMAZON.EmailAddress an address.
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from awsml_study.engines.dialog import numbers

FUZZY_CUTOFF = 85  # rapidfuzz WRatio needed to accept a misspelt custom value


@dataclass
class Resolved:
    original: str
    interpreted: str
    resolved: list[str] = field(default_factory=list)


@dataclass
class CustomType:
    """A custom slot type as the build compiled it."""
    name: str
    values: dict[str, list[str]]          # canonical value -> synonyms
    strategy: str = "OriginalValue"        # OriginalValue (ORIGINAL_VALUE) or TopResolution
    parent: str | None = None              # e.g. AMAZON.AlphaNumeric
    regex: str | None = None

    def phrases(self) -> dict[str, str]:
        """Every value and synonym (lower case) -> its canonical value."""
        out = {}
        for value, synonyms in self.values.items():
            out[value.lower()] = value
            for s in synonyms:
                out[s.lower()] = value
        return out


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().strip(".!?,;")).strip()


def _today() -> dt.datetime:
    return dt.datetime.now()


def _date(text: str) -> Resolved | None:
    import dateparser
    t = _clean(text)
    low = t.lower()
    if not re.search(r"\d|today|tomorrow|yesterday|day|week|month|year|jan|feb|mar|apr|may|jun|jul|aug|sep|"
                     r"oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|christmas", low):
        return None
    if re.fullmatch(r"\d{1,3}", low):
        return None  # a bare number is not a date
    base = _today()
    low = re.sub(r"\b(on|the|for|by)\b", " ", low).strip()
    m = re.fullmatch(r"(?:next|this)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)", low)
    if m:  # "next Friday": the coming one, as Lex reads it
        days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        ahead = (days.index(m.group(1)) - base.weekday()) % 7 or 7
        return Resolved(t, (base + dt.timedelta(days=ahead)).date().isoformat())
    low = low.replace("christmas", "december 25")
    found = dateparser.parse(low, languages=["en"], settings={"PREFER_DATES_FROM": "future",
                                                              "RELATIVE_BASE": base})
    if found is None:
        return None
    return Resolved(t, found.date().isoformat())


def _time(text: str) -> Resolved | None:
    import dateparser
    t = _clean(text)
    low = t.lower().replace("noon", "12:00 pm").replace("midnight", "12:00 am")
    low = re.sub(r"\b(at|around|about)\b", " ", low).strip()
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?", low)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        suffix = (m.group(3) or "").replace(".", "")
        if suffix == "pm" and hour < 12:
            hour += 12
        if suffix == "am" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            return Resolved(t, f"{hour:02d}:{minute:02d}")
        return None
    words = numbers.words_to_number(re.sub(r"\b(a\.?m\.?|p\.?m\.?|o'?clock)\b", "", low))
    if words is not None and 0 < words <= 12 and float(words).is_integer():
        hour = int(words) + (12 if "pm" in low.replace(".", "") and words < 12 else 0)
        return Resolved(t, f"{hour:02d}:00")
    if not re.search(r"\d|am|pm|morning|evening|afternoon|night|hour|minute", low):
        return None
    found = dateparser.parse(low, languages=["en"], settings={"RELATIVE_BASE": _today()})
    return Resolved(t, found.strftime("%H:%M")) if found else None


def _number(text: str) -> Resolved | None:
    t = _clean(text)
    value = numbers.words_to_number(t)
    if value is None:
        m = re.search(r"-?\d+(?:\.\d+)?", t)
        if not m:
            return None
        value = float(m.group())
    return Resolved(t, numbers.format_number(value))


def _phone(text: str) -> Resolved | None:
    import phonenumbers
    t = _clean(text)
    spoken = numbers.digits_of(t) if not re.search(r"\d{3}", t) else re.sub(r"[^\d+]", "", t)
    candidate = spoken if spoken.startswith("+") else spoken
    if len(candidate.lstrip("+")) < 7:
        return None
    try:
        number = phonenumbers.parse(candidate, "US")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return Resolved(t, candidate)


_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def _email(text: str) -> Resolved | None:
    t = _clean(text)
    spoken = re.sub(r"\s+at\s+", "@", t.lower())
    spoken = re.sub(r"\s+dot\s+", ".", spoken)
    m = _EMAIL.search(t) or _EMAIL.search(spoken.replace(" ", ""))
    return Resolved(t, m.group().lower()) if m else None


def _alphanumeric(text: str) -> Resolved | None:
    t = _clean(text)
    out = []
    for token in t.split():
        low = token.lower()
        if low in numbers.UNITS and numbers.UNITS[low] < 10 and low not in ("a", "an"):
            out.append(str(numbers.UNITS[low]))
        elif re.fullmatch(r"[A-Za-z0-9-]+", token):
            out.append(token.upper() if len(token) <= 2 or any(c.isdigit() for c in token) else token)
        else:
            return None
    value = "".join(out) if all(len(x) <= 2 or any(c.isdigit() for c in x) for x in out) else " ".join(out)
    return Resolved(t, value) if value else None


YES = {"yes", "yeah", "yep", "sure", "ok", "okay", "correct", "right", "yes please", "affirmative",
       "of course", "absolutely", "that's right", "sounds good", "please do", "go ahead", "do it", "y"}
NO = {"no", "nope", "nah", "no thanks", "negative", "not really", "cancel", "never mind", "don't",
      "no thank you", "wrong", "incorrect", "n"}


def confirmation(text: str) -> str | None:
    """"Yes", "No" or None: how Lex reads an answer to a confirmation prompt."""
    t = _clean(text).lower()
    if t in YES or t.split(" ")[0] in ("yes", "yeah", "yep", "sure"):
        return "Yes"
    if t in NO or t.split(" ")[0] in ("no", "nope", "nah"):
        return "No"
    return None


def _confirmation(text: str) -> Resolved | None:
    answer = confirmation(text)
    return Resolved(_clean(text), answer) if answer else None


def _free(text: str) -> Resolved | None:
    t = _clean(text)
    t = re.sub(r"^(my name is|i am|i'm|it's|it is|this is|call me|in|to|from)\s+", "", t, flags=re.I)
    return Resolved(t, t[:1].upper() + t[1:]) if t and len(t) <= 100 else None


def _duration(text: str) -> Resolved | None:
    t = _clean(text)
    m = re.fullmatch(r"(.+?)\s+(second|minute|hour|day|week|month|year)s?", t.lower())
    if not m:
        return None
    n = numbers.words_to_number(m.group(1))
    if n is None:
        return None
    unit = m.group(2)
    code = {"second": "S", "minute": "M", "hour": "H"}.get(unit)
    value = f"PT{numbers.format_number(n)}{code}" if code else f"P{numbers.format_number(n)}{unit[0].upper()}"
    return Resolved(t, value)


def _percentage(text: str) -> Resolved | None:
    t = _clean(text)
    n = numbers.words_to_number(re.sub(r"\s*(%|percent|per cent)$", "", t.lower()))
    return Resolved(t, numbers.format_number(n)) if n is not None else None


BUILT_IN = {
    "AMAZON.Date": _date, "AMAZON.Time": _time, "AMAZON.Number": _number,
    "AMAZON.PhoneNumber": _phone, "AMAZON.EmailAddress": _email, "AMAZON.AlphaNumeric": _alphanumeric,
    "AMAZON.Confirmation": _confirmation, "AMAZON.Duration": _duration, "AMAZON.Percentage": _percentage,
    "AMAZON.FirstName": _free, "AMAZON.LastName": _free, "AMAZON.City": _free, "AMAZON.Country": _free,
    "AMAZON.State": _free, "AMAZON.StreetName": _free, "AMAZON.FreeFormInput": _free,
    "AMAZON.UKPostalCode": _alphanumeric,
}
EXAMPLES = {  # filler values used to expand {Slot} in sample utterances when training
    "AMAZON.Date": ["tomorrow", "next friday", "december 5"], "AMAZON.Time": ["10 am", "noon", "7:30 pm"],
    "AMAZON.Number": ["two", "3", "ten"], "AMAZON.PhoneNumber": ["555 0100"],
    "AMAZON.EmailAddress": ["sam@example.com"], "AMAZON.AlphaNumeric": ["AB123"],
    "AMAZON.FirstName": ["Sam", "Alex"], "AMAZON.LastName": ["Smith"], "AMAZON.City": ["Seattle", "Lisbon"],
    "AMAZON.Country": ["Portugal"], "AMAZON.State": ["Ohio"], "AMAZON.Duration": ["two hours"],
}


def resolve(slot_type: str | CustomType, text: str) -> Resolved | None:
    """The value `text` gives a slot of this type, or None."""
    if not text or not text.strip():
        return None
    if isinstance(slot_type, CustomType):
        return _custom(slot_type, text)
    parser = BUILT_IN.get(slot_type) or _free
    found = parser(text)
    if found is not None and not found.resolved:
        found.resolved = [found.interpreted]
    return found


def _custom(kind: CustomType, text: str) -> Resolved | None:
    t = _clean(text)
    if kind.regex:
        return Resolved(t, t) if re.fullmatch(kind.regex, t) else None
    phrases = kind.phrases()
    low = t.lower()
    canonical = phrases.get(low)
    if canonical is None:
        for phrase in sorted(phrases, key=len, reverse=True):  # the value said inside a longer answer
            if phrase and re.search(rf"\b{re.escape(phrase)}\b", low):
                canonical, t = phrases[phrase], t[low.index(phrase):low.index(phrase) + len(phrase)]
                break
    if canonical is None and phrases:
        from rapidfuzz import fuzz, process
        words = low.split()
        spans = [" ".join(words[i:i + n]) for n in (3, 2, 1) for i in range(len(words) - n + 1)]
        best = None
        for span in [low] + spans:  # a misspelt value alone, or inside a longer answer
            hit = process.extractOne(span, list(phrases), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF - 5)
            if hit and (best is None or hit[1] > best[1]):
                best, t = hit, span
        if best:
            canonical = phrases[best[0]]
    if canonical is not None:
        interpreted = canonical if kind.strategy == "TopResolution" else t
        return Resolved(t, interpreted, [canonical])
    if kind.parent:
        found = resolve(kind.parent, t)
        if found:
            return found
    if kind.strategy == "OriginalValue" and not kind.parent and len(t.split()) <= 4:
        return Resolved(t, t)  # ORIGINAL_VALUE: Lex keeps what the user said
    return None
