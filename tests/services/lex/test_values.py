"""Built-in slot types resolved by real parsers, custom types by value, synonym and fuzzy match."""
import datetime as dt

from awsml_study.engines.dialog.values import CustomType, resolve


def test_relative_date_is_resolved_against_today():
    got = resolve("AMAZON.Date", "next friday").interpreted
    day = dt.date.fromisoformat(got)
    assert day.weekday() == 4 and 0 < (day - dt.date.today()).days <= 7


def test_numbers_phones_emails_times():
    assert resolve("AMAZON.Number", "twenty three").interpreted == "23"
    assert resolve("AMAZON.PhoneNumber", "two zero six five five five zero one zero zero").interpreted == "2065550100"
    assert resolve("AMAZON.EmailAddress", "sam at example dot com").interpreted == "sam@example.com"
    assert resolve("AMAZON.Time", "7:30 pm").interpreted == "19:30"
    assert resolve("AMAZON.AlphaNumeric", "A B 1 2 3").interpreted == "AB123"
    assert resolve("AMAZON.Number", "banana") is None


def test_custom_type_strategies():
    values = {"king": ["big bed"], "queen": []}
    top = CustomType("Room", values, "TopResolution")
    original = CustomType("Room", values, "OriginalValue")
    assert resolve(top, "big bed").interpreted == "king"
    assert resolve(original, "big bed").interpreted == "big bed"
    assert resolve(original, "big bed").resolved == ["king"]
    assert resolve(top, "qeen").interpreted == "queen"
    assert resolve(top, "spaceship") is None
