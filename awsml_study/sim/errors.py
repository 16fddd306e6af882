"""AWS-shaped errors raised by local handlers and turned into botocore's modelled exceptions."""
from __future__ import annotations


class AwsError(Exception):
    """An error the real service would return: its error code, message and HTTP status."""

    def __init__(self, code: str, message: str, status: int | None = None, **fields):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.fields = fields  # extra modelled members, e.g. Reason for Comprehend


def validation_error(value, path: str, constraint: str) -> AwsError:
    """The message AWS's request validator writes for a parameter that breaks a constraint."""
    shown = value if len(str(value)) <= 100 else str(value)[:100] + "..."
    return AwsError(
        "ValidationException",
        f"1 validation error detected: Value '{shown}' at '{path}' failed to satisfy "
        f"constraint: {constraint}",
    )


class NotSimulated(Exception):
    """Raised (as a ClientError) when neither the kit nor moto serves an operation."""
