"""Newsroom roles: reporters write drafts, reviewers check claims, editors sign
off and publish.

Roles are Django groups. Each app's data migration grants its own model
permissions to the groups with ``grant_role_permissions``; services ask
``user_has_role`` / ``role_require`` so the admin and the API share one rule.
"""

from collections.abc import Iterable, Mapping

from .errors import PermissionRefused

REPORTER = "reporter"
REVIEWER = "reviewer"
EDITOR = "editor"
ROLES = (REPORTER, REVIEWER, EDITOR)

# Model permissions by app and role. Each app's data migration grants its own
# entry; ``roles_sync`` grants them all (after a test flush, for example).
NEWSROOM_PERMISSIONS: Mapping[str, Iterable[str]] = {
    REPORTER: [
        "view_desk",
        "view_article",
        "add_article",
        "change_article",
        "view_draft",
        "add_draft",
    ],
    REVIEWER: ["view_desk", "view_article", "view_draft"],
    EDITOR: [
        "view_desk",
        "view_article",
        "add_article",
        "change_article",
        "view_draft",
        "add_draft",
        "publish_article",
    ],
}


ROLE_PERMISSIONS: dict[str, Mapping[str, Iterable[str]]] = {
    "newsroom": NEWSROOM_PERMISSIONS,
    "checks": {
        REVIEWER: [
            "view_claim",
            "view_claimmention",
            "view_claimoutcome",
            "view_claimsuggestion",
        ],
        EDITOR: [
            "view_claim",
            "change_claim",
            "view_claimmention",
            "view_claimoutcome",
            "view_claimsuggestion",
        ],
    },
    "reviews": {
        REPORTER: [
            "view_correctionrequest",
            "add_correctionrequest",
            "view_correctionnote",
            "view_publication",
        ],
        REVIEWER: [
            "view_assignment",
            "view_verdict",
            "add_verdict",
            "view_evidence",
            "add_evidence",
            "view_waiver",
            "view_publication",
            "view_correctionrequest",
            "add_correctionrequest",
            "assess_correction",
            "view_correctionnote",
            "view_auditevent",
        ],
        EDITOR: [
            "view_assignment",
            "add_assignment",
            "assign_claim",
            "view_verdict",
            "add_verdict",
            "sign_off_verdict",
            "reopen_claim",
            "view_evidence",
            "add_evidence",
            "view_waiver",
            "add_waiver",
            "waive_claim",
            "view_publication",
            "view_correctionrequest",
            "add_correctionrequest",
            "assess_correction",
            "sign_off_correction",
            "view_correctionnote",
            "view_auditevent",
        ],
    },
}


def grant_role_permissions(
    apps, app_label: str, permissions_by_role: Mapping[str, Iterable[str]]
):
    """Create the role groups if needed and grant them ``app_label`` permissions.

    Meant for data migrations: permissions are normally created after migrating,
    so they are created here first for the app's models.
    """
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    if not getattr(app_config, "models_module", None):
        # Migration-state app configs have no models module; create_permissions
        # only needs it to be truthy.
        app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, codenames in permissions_by_role.items():
        group, _ = group_model.objects.get_or_create(name=role)
        codenames = list(codenames)
        found = permission_model.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
        missing = set(codenames) - {p.codename for p in found}
        if missing:
            raise LookupError(f"Unknown {app_label} permissions: {sorted(missing)}")
        group.permissions.add(*found)


def roles_sync() -> None:
    """Create every role group with every permission in ``ROLE_PERMISSIONS``."""
    from django.apps import apps

    for app_label, permissions_by_role in ROLE_PERMISSIONS.items():
        grant_role_permissions(apps, app_label, permissions_by_role)


def user_has_role(user, *roles: str) -> bool:
    """True when the user is active and in any of ``roles`` (superusers always are)."""
    if user is None or not user.is_active:
        return False
    if user.is_superuser:
        return True
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names
    return any(role in names for role in roles)


def role_require(user, *roles: str, action: str) -> None:
    """Raise ``PermissionRefused`` unless the user holds one of ``roles``."""
    if not user_has_role(user, *roles):
        wanted = " or ".join(roles)
        article = "an" if wanted[0] in "aeiou" else "a"
        raise PermissionRefused(f"Only {article} {wanted} can {action}.")
