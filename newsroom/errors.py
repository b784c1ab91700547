"""Domain errors shared by every app.

The admin shows their message; the API maps them to HTTP responses (a refused
transition is 409 Conflict, a refused role 403).
"""


class DomainError(Exception):
    """A request the rules refuse; ``message`` is safe to show to users."""

    code = "refused"

    def __init__(self, message: str, *, data: dict | None = None):
        super().__init__(message)
        self.message = message
        self.data = data or {}


class TransitionError(DomainError):
    """The object's current state does not allow this change."""

    code = "transition_refused"


class PermissionRefused(DomainError):
    """The acting user's role does not allow this change."""

    code = "permission_denied"


class ImmutableError(DomainError):
    """Drafts, audit events and correction notes are never edited or deleted."""

    code = "immutable"
