"""What every exercise checker prints: right, wrong (and why), or not answered yet."""
from __future__ import annotations

NOT_ANSWERED = "Not answered yet"


def say(ok: bool, right: str, wrong: str) -> bool:
    """Print ✅ right or ❌ wrong; return ok."""
    print(("✅ " + right) if ok else ("❌ " + wrong))
    return ok


def placeholder(value) -> bool:
    """Whether an answer is still the notebook's placeholder: None, ..., or blank text."""
    return value is None or value is ... or (isinstance(value, (str, bytes)) and not value.strip())


def blank(value) -> bool:
    """True, and says so, while an answer is still the notebook's placeholder."""
    if placeholder(value):
        print(f"⏳ {NOT_ANSWERED}: put your answer in place of the None (or ...) and run the cell again.")
        return True
    return False
