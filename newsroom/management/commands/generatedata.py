"""Generate a large, deterministic data set for benchmarks.

``python manage.py generatedata --articles 1000 --drafts 5`` writes users, desks,
articles with their drafts, claims, claim mentions (one per claim per draft:
about 200,000 for the defaults) and claim outcomes with bulk inserts. The same
``--seed`` gives the same data. Rows are written directly, not through the
services: this is test data, and the services' per-row work (extraction,
re-anchoring, audit) is what the benchmarks measure elsewhere.
"""

import hashlib
import random
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from checks.models import Claim, ClaimKind, ClaimMention, ClaimOutcome, ClaimStatus
from newsroom.models import Article, Desk, Draft
from newsroom.roles import EDITOR, REPORTER, REVIEWER, roles_sync
from newsroom.text import content_hash

BATCH = 5000
SUBJECTS = [
    "fighters",
    "vehicles",
    "homes",
    "refugees",
    "soldiers",
    "schools",
    "dollars in aid",
    "tonnes of grain",
    "hospital beds",
    "voters",
]
VERBS = ["reported", "counted", "confirmed", "estimated", "announced"]
SOURCES = ["officials", "the ministry", "the UN agency", "local police", "observers"]
STATUSES = [
    (ClaimStatus.UNCHECKED, 50),
    (ClaimStatus.ASSIGNED, 20),
    (ClaimStatus.VERIFIED, 10),
    (ClaimStatus.SIGNED_OFF, 10),
    (ClaimStatus.WAIVED, 5),
    (ClaimStatus.DISPUTED, 5),
]


class Command(BaseCommand):
    help = "Bulk-generate users, desks, articles, drafts, claims and mentions."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--drafts", type=int, default=5)
        parser.add_argument("--claims", type=int, default=40, help="per article")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, articles, drafts, claims, seed, **options):
        if articles < 1 or drafts < 1 or claims < 1:
            raise CommandError("--articles, --drafts and --claims must be positive.")
        prefix = f"gen{seed}"
        if Article.objects.filter(slug__startswith=f"{prefix}-").exists():
            raise CommandError(
                f"Data for seed {seed} exists already; use another --seed."
            )
        rng = random.Random(seed)  # noqa: S311 - test data, not secrets
        started = time.perf_counter()
        with transaction.atomic():
            users = self._users(prefix)
            desks = self._desks(prefix)
            self._articles(
                rng,
                prefix,
                users,
                desks,
                articles=articles,
                drafts=drafts,
                claims=claims,
            )
        self.stdout.write(
            f"Generated {articles} articles × {drafts} drafts, "
            f"{articles * claims} claims, {articles * claims * drafts} mentions "
            f"in {time.perf_counter() - started:.1f} s."
        )

    def _users(self, prefix):
        roles_sync()
        user_model = get_user_model()
        groups = {
            g.name: g
            for g in Group.objects.filter(name__in=[REPORTER, REVIEWER, EDITOR])
        }
        by_role = {}
        for role, count in ((REPORTER, 20), (REVIEWER, 15), (EDITOR, 5)):
            new = [
                user_model(username=f"{prefix}-{role}-{n}", email="", is_staff=True)
                for n in range(count)
            ]
            for user in new:
                user.set_unusable_password()
            created = user_model.objects.bulk_create(new)
            through = user_model.groups.through
            through.objects.bulk_create(
                [through(user_id=u.pk, group_id=groups[role].pk) for u in created]
            )
            by_role[role] = created
        return by_role

    def _desks(self, prefix):
        return Desk.objects.bulk_create(
            [
                Desk(name=f"{prefix} {name}", slug=f"{prefix}-{name.lower()}")
                for name in ("World", "Politics", "Business", "Metro", "Science")
            ]
        )

    def _sentences(self, rng, claims):
        sentences, spans = [], []
        offset = 0
        for _ in range(claims):
            number = rng.randint(2, 90_000)
            subject = rng.choice(SUBJECTS)
            head = f"{rng.choice(SOURCES).capitalize()} {rng.choice(VERBS)} "
            figure = f"{number:,} {subject}"
            sentence = f"{head}{figure} on the ground this week. "
            start = offset + len(head)
            spans.append(
                (
                    start,
                    start + len(figure),
                    figure,
                    number,
                    subject,
                    offset,
                    offset + len(sentence) - 1,
                )
            )
            sentences.append(sentence)
            offset += len(sentence)
        return "".join(sentences), spans

    def _articles(self, rng, prefix, users, desks, *, articles, drafts, claims):
        now = timezone.now()
        reporters, reviewers = users[REPORTER], users[REVIEWER]
        status_values = [s for s, _ in STATUSES]
        status_weights = [w for _, w in STATUSES]
        article_rows = Article.objects.bulk_create(
            [
                Article(
                    title=f"Generated story {i}",
                    slug=f"{prefix}-{i}",
                    desk=rng.choice(desks),
                    byline=f"Reporter {i % 20}",
                    created_by=rng.choice(reporters),
                )
                for i in range(articles)
            ],
            batch_size=BATCH,
        )
        texts = {}
        draft_rows = []
        for article in article_rows:
            body, spans = self._sentences(rng, claims)
            texts[article.pk] = spans
            for number in range(1, drafts + 1):
                # Each revision appends a line: earlier offsets stay valid.
                text = body + "".join(f"\nUpdate {n}." for n in range(2, number + 1))
                draft_rows.append(
                    Draft(
                        article=article,
                        number=number,
                        title=article.title,
                        body=text,
                        author=article.created_by,
                        content_hash=content_hash(title=article.title, body=text),
                        extraction_status=Draft.ExtractionStatus.DONE,
                        extracted_at=now,
                    )
                )
        draft_rows = Draft.objects.bulk_create(draft_rows, batch_size=BATCH)
        drafts_of: dict[int, list[Draft]] = {}
        for draft in draft_rows:
            drafts_of.setdefault(draft.article_id, []).append(draft)

        published = []
        for article in article_rows:
            if rng.random() < 0.3:
                article.status = Article.Status.PUBLISHED
                article.live_draft = drafts_of[article.pk][-1]
                article.published_at = now - timedelta(days=rng.randint(0, 30))
                published.append(article)
        Article.objects.bulk_update(
            published, ["status", "live_draft", "published_at"], batch_size=BATCH
        )

        claim_rows = []
        for article in article_rows:
            first, last = drafts_of[article.pk][0], drafts_of[article.pk][-1]
            for start, _end, figure, number, subject, _s, _e in texts[article.pk]:
                status = rng.choices(status_values, status_weights)[0]
                assigned = status != ClaimStatus.UNCHECKED
                claim_rows.append(
                    Claim(
                        article=article,
                        kind=ClaimKind.COUNT,
                        status=status,
                        text=figure,
                        value=number,
                        subject=subject,
                        checkworthiness=round(rng.random(), 2),
                        fingerprint=hashlib.sha256(
                            f"{article.pk}:{subject}:{start}".encode()
                        ).hexdigest(),
                        first_draft=first,
                        last_draft=last,
                        assignee=rng.choice(reviewers) if assigned else None,
                        due_at=now + timedelta(days=rng.randint(-5, 10))
                        if assigned
                        else None,
                    )
                )
        claim_rows = Claim.objects.bulk_create(claim_rows, batch_size=BATCH)

        mentions, outcomes = [], []
        position = 0
        for article in article_rows:
            spans = texts[article.pk]
            for claim, (start, end, figure, *_rest) in zip(
                claim_rows[position : position + len(spans)], spans, strict=True
            ):
                sentence_start, sentence_end = _rest[-2], _rest[-1]
                for draft in drafts_of[article.pk]:
                    mentions.append(
                        ClaimMention(
                            claim=claim,
                            draft=draft,
                            start=start,
                            end=end,
                            text=figure,
                            sentence_start=sentence_start,
                            sentence_end=sentence_end,
                        )
                    )
                    outcomes.append(
                        ClaimOutcome(
                            claim=claim,
                            draft=draft,
                            outcome="new" if draft.number == 1 else "carried",
                        )
                    )
            position += len(spans)
            if len(mentions) >= BATCH * 4:
                ClaimMention.objects.bulk_create(mentions, batch_size=BATCH)
                ClaimOutcome.objects.bulk_create(outcomes, batch_size=BATCH)
                mentions, outcomes = [], []
        ClaimMention.objects.bulk_create(mentions, batch_size=BATCH)
        ClaimOutcome.objects.bulk_create(outcomes, batch_size=BATCH)
