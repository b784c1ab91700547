"""``Idempotency-Key``: a retried create returns the first response.

The key is stored with the user, a fingerprint of the request and the response,
in the same transaction as the write. A concurrent retry with the same key
waits on the unique constraint and then replays the stored response. A key
reused with a different request is refused with 422. Only successful responses
are stored: a refused request can be retried with the same key.
"""

import functools
import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.response import Response

from newsroom.models import IdempotencyRecord

from .exceptions import IdempotencyKeyReused

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    name=HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "A unique key per logical request (a UUID). A retry with the same key "
        "returns the first response instead of creating again; the same key "
        "with a different body is refused with 422."
    ),
)


def request_fingerprint(request) -> str:
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(
        f"{request.method}\n{request.path}\n{body}".encode()
    ).hexdigest()


def _replay(record: IdempotencyRecord) -> Response:
    response = Response(record.response_body, status=record.response_status)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(view_method):
    """Make a viewset ``create`` honour the ``Idempotency-Key`` header."""

    @functools.wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view_method(self, request, *args, **kwargs)
        if not key.strip() or len(key) > MAX_KEY_LENGTH:
            raise exceptions.ValidationError(
                {HEADER: [f"Give a key of 1 to {MAX_KEY_LENGTH} characters."]}
            )
        fingerprint = request_fingerprint(request)
        expired_before = timezone.now() - timedelta(
            hours=settings.IDEMPOTENCY_KEY_TTL_HOURS
        )
        with transaction.atomic():
            IdempotencyRecord.objects.filter(
                user=request.user, key=key, created_at__lt=expired_before
            ).delete()
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        user=request.user, key=key, fingerprint=fingerprint
                    )
            except IntegrityError:
                record = IdempotencyRecord.objects.get(user=request.user, key=key)
                if record.fingerprint != fingerprint:
                    raise IdempotencyKeyReused() from None
                return _replay(record)
            response = view_method(self, request, *args, **kwargs)
            if not 200 <= response.status_code < 300:
                transaction.set_rollback(True)
                return response
            record.response_status = response.status_code
            record.response_body = json.loads(json.dumps(response.data, default=str))
            record.save(update_fields=["response_status", "response_body"])
        return response

    return wrapper
