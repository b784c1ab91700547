"""One JSON error shape for the whole API.

Every error is ``{"error": {"code": str, "message": str, "fields": {name: [str]}}}``
(plus ``"data"`` when a domain error carries details, such as the claims that
block a publish). Status codes: 400 invalid input (serializer or service
``ValidationError``, per field), 401 unauthenticated, 403 refused role, 404,
409 refused transition (a plain ``DomainError`` is a 400, on its field when it
names one), 412 stale ``If-Match``, 413 oversize body, 422 reused
``Idempotency-Key``, 429 throttled.
"""

import logging

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from newsroom.errors import (
    DomainError,
    ImmutableError,
    PermissionRefused,
    TransitionError,
)

logger = logging.getLogger(__name__)

NON_FIELD = "non_field_errors"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = "The resource changed since you read it."


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = "This Idempotency-Key was already used with a different request."


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"
    default_detail = "The request body is larger than the server accepts."


def error_body(code: str, message: str, fields: dict | None = None, data=None):
    error = {"code": code, "message": message, "fields": fields or {}}
    if data:
        error["data"] = data
    return {"error": error}


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _flatten(value)]
    if isinstance(detail, list | tuple):
        return [m for item in detail for m in _flatten(item)]
    return [str(detail)]


def _fields(detail, prefix: str = "") -> dict:
    """Serializer errors as ``{field: [messages]}``; nested ones as ``a.0.b``."""
    if isinstance(detail, dict):
        items = detail.items()
    elif isinstance(detail, list | tuple) and any(
        isinstance(item, dict | list) for item in detail
    ):
        items = enumerate(detail)
    else:
        return {prefix or NON_FIELD: [str(m) for m in _flatten(detail)]}
    fields: dict[str, list[str]] = {}
    for name, value in items:
        if value in ({}, []):
            continue
        path = f"{prefix}.{name}" if prefix else str(name)
        fields.update(_fields(value, path))
    return fields


def _django_validation_fields(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            (NON_FIELD if name == "__all__" else name): list(messages)
            for name, messages in exc.message_dict.items()
        }
    return {NON_FIELD: list(exc.messages)}


def _domain_status(exc: DomainError) -> int:
    if isinstance(exc, PermissionRefused):
        return status.HTTP_403_FORBIDDEN
    if isinstance(exc, TransitionError | ImmutableError):
        return status.HTTP_409_CONFLICT
    # Any other refusal is about the request itself (a missing reason, an
    # assignee who is not a reviewer, ...).
    return status.HTTP_400_BAD_REQUEST


def api_exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, Http404 | ObjectDoesNotExist):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, DjangoValidationError):
        fields = _django_validation_fields(exc)
        message = " ".join(_flatten(fields)) or "Invalid input."
        return Response(
            error_body("invalid", message, fields), status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, DomainError):
        code = _domain_status(exc)
        field = exc.data.get("field")
        fields = {field: [exc.message]} if field else {}
        return Response(
            error_body(
                "invalid" if code == 400 and field else exc.code,
                exc.message,
                fields,
                data=exc.data,
            ),
            status=code,
        )

    response = exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handling and logging
    if isinstance(exc, exceptions.ValidationError):
        fields = _fields(exc.detail)
        messages = _flatten(fields)
        message = messages[0] if len(messages) == 1 else "Invalid input."
        response.data = error_body("invalid", message, fields)
        return response
    detail = getattr(exc, "detail", None)
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    code = codes if isinstance(codes, str) else "error"
    message = " ".join(_flatten(detail)) if detail is not None else str(exc)
    response.data = error_body(code, message, data=getattr(exc, "data", None))
    return response


def json_not_found(request, exception=None):
    return JsonResponse(
        error_body("not_found", "Not found."), status=status.HTTP_404_NOT_FOUND
    )


def json_server_error(request):
    return JsonResponse(
        error_body("server_error", "Internal server error."),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
