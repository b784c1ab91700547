"""Coarse API permissions; the rules about who may do what live in the services."""

from rest_framework.permissions import BasePermission

from newsroom.roles import EDITOR, REPORTER, REVIEWER, user_has_role


class IsNewsroomMember(BasePermission):
    """Any active user in a newsroom role (or a superuser)."""

    message = "Only newsroom staff (reporters, reviewers, editors) can use the API."

    def has_permission(self, request, view):
        return user_has_role(request.user, REPORTER, REVIEWER, EDITOR)


class IsEditor(BasePermission):
    message = "Only an editor can manage webhook subscriptions."

    def has_permission(self, request, view):
        return user_has_role(request.user, EDITOR)
