"""Load the demo users and the seed article. Running it again changes nothing."""

import json
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from newsroom import services
from newsroom.models import Article, Desk
from newsroom.roles import ROLES, roles_sync

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"


class Command(BaseCommand):
    help = "Create the demo users (reporter, reviewer, editor) and the seed article(s)."

    def add_arguments(self, parser):
        parser.add_argument("--seeds-dir", type=Path, default=SEEDS_DIR)

    def handle(self, *args, seeds_dir: Path, **options):
        password = os.environ.get("DEMO_PASSWORD") or None
        generated = None
        with transaction.atomic():
            roles_sync()
            users = {}
            for role in ROLES:
                user, created = self._user(role)
                if created:
                    if password is None and generated is None:
                        generated = secrets.token_urlsafe(12)
                    user.set_password(password or generated)
                    user.save(update_fields=["password"])
                    self.stdout.write(f"Created user {role!r} in group {role!r}.")
                users[role] = user
            for seed in sorted(seeds_dir.glob("*/article.json")):
                self._article(seed, author=users["reporter"])
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Demo password for reporter, reviewer and editor: {generated}\n"
                    "It is shown only this once; set DEMO_PASSWORD to choose it."
                )
            )

    def _user(self, role: str):
        group = Group.objects.filter(name=role).first()
        if group is None:
            raise CommandError(
                f"Group {role!r} is missing: run `manage.py migrate` first."
            )
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=role, defaults={"is_staff": True, "email": f"{role}@example.org"}
        )
        user.groups.add(group)
        return user, created

    def _article(self, seed: Path, *, author):
        meta = json.loads(seed.read_text(encoding="utf-8"))
        if Article.objects.filter(slug=meta["slug"]).exists():
            self.stdout.write(f"Seed article {meta['slug']!r} is already loaded.")
            return
        desk = None
        if meta.get("desk"):
            desk, _ = Desk.objects.get_or_create(
                name=meta["desk"], defaults={"slug": meta["desk"].lower()}
            )
        body = (seed.parent / meta["body_file"]).read_text(encoding="utf-8")
        extra = {
            k: meta[k]
            for k in ("date", "date_note", "photo_date", "photo_caption", "author_bio")
            if k in meta
        }
        article = services.article_create(
            title=meta["headline"],
            body=body,
            author=author,
            desk=desk,
            slug=meta["slug"],
            byline=meta.get("byline", ""),
            metadata=extra,
            change_note="Seed article",
        )
        self.stdout.write(f"Loaded seed article {article.slug!r} as draft 1.")
