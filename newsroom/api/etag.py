"""``ETag`` / ``If-Match`` for versioned objects (a claim's ``version``).

The ETag is the version in quotes, ``"7"``. A transition sent with
``If-Match: "7"`` is carried out only if the claim is still at version 7; the
service checks it under the row lock and a stale version is answered with 412.
Without ``If-Match`` the transition is not conditional. A malformed header is a
400.
"""

import re

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions

from newsroom.errors import TransitionError

from .exceptions import PreconditionFailed

_ETAG = re.compile(r'^(?:W/)?"?(\d{1,10})"?$')

IF_MATCH_PARAMETER = OpenApiParameter(
    name="If-Match",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        'The claim\'s ETag (`"<version>"`) as last read; a claim changed since is '
        "refused with 412."
    ),
)


def etag(version: int) -> str:
    return f'"{version}"'


def if_match_version(request) -> int | None:
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    match = _ETAG.match(header.strip())
    if match is None:
        raise exceptions.ValidationError(
            {"If-Match": ['Send the ETag you read, such as "3".']}
        )
    return int(match.group(1))


def stale_as_precondition_failed(exc: TransitionError):
    """Turn the services' version mismatch into a 412; other refusals stay 409."""
    if exc.data.get("code") == "version_mismatch":
        failed = PreconditionFailed(exc.message)
        failed.data = exc.data
        return failed
    return exc
