"""Which learner's account a request belongs to, read from its SigV4 access key.

The rule (LocalStack's): an access key id that is a 12-digit number *is* that account id, so a
teacher can hand out 111111111111, 222222222222 ...; any other access key maps to a stable
account derived from it (a hash), so learners who each invent a key ("alice", "bob") never see
each other's buckets and jobs. Mapping every other key to moto's default 123456789012 instead
would put all of them in one shared account, which is what a classroom server must not do.
Requests without a signature are moto's default account.
"""
from __future__ import annotations

import hashlib
import re

DEFAULT_ACCOUNT = "123456789012"  # moto's default account id
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/]+)/([^/]+)/aws4_request")


def credential(authorization: str, query_credential: str = "") -> tuple[str | None, str | None]:
    """(access key id, signing service name) of a SigV4 Authorization header (or of a presigned
    URL's X-Amz-Credential), or (None, None) for an unsigned request."""
    if query_credential:
        authorization = f"Credential={query_credential}"
    found = _CREDENTIAL.search(authorization or "")
    return (found.group(1), found.group(3)) if found else (None, None)


def account_for(access_key: str | None) -> str:
    """The account id of a request signed with `access_key` (see the module docstring)."""
    if not access_key:
        return DEFAULT_ACCOUNT
    if re.fullmatch(r"\d{12}", access_key):
        return access_key
    digest = int(hashlib.sha256(access_key.encode()).hexdigest(), 16)
    return str(digest % 10**12).zfill(12)
