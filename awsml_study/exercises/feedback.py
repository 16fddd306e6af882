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


def table(answers: dict, expected: dict, items: str, right: str, wrong) -> bool:
    """Answers given item by item (a dict like `expected`): not answered while any is blank, else
    right, or `wrong({item: expected answer})` for the items answered wrongly."""
    if blank(answers):
        return False
    missing = [item for item in expected if placeholder(answers.get(item))]
    if len(missing) == len(expected):
        blank(None)
        return False
    if missing:
        print(f"⏳ {NOT_ANSWERED} for {len(missing)} {items}: " + "; ".join(map(repr, missing)))
        return False
    mistakes = {item: answer for item, answer in expected.items() if answers.get(item) != answer}
    return say(not mistakes, right, wrong(mistakes) if mistakes else "")
