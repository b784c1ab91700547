import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from checks.models import Claim, ClaimMention
from newsroom.models import Article, Draft

pytestmark = pytest.mark.django_db


def generated_claims():
    return list(
        Claim.objects.order_by("pk").values_list("text", "status", "checkworthiness")
    )


def test_generatedata_writes_consistent_rows():
    call_command("generatedata", articles=3, drafts=2, claims=4, seed=7)

    assert Article.objects.filter(slug__startswith="gen7-").count() == 3
    assert Draft.objects.count() == 6
    assert Claim.objects.count() == 12
    assert ClaimMention.objects.count() == 24
    for mention in ClaimMention.objects.select_related("draft"):
        assert mention.draft.body[mention.start : mention.end] == mention.text
    with pytest.raises(CommandError, match="exists already"):
        call_command("generatedata", articles=1, drafts=1, claims=1, seed=7)


def test_the_same_seed_gives_the_same_data():
    with transaction.atomic():
        call_command("generatedata", articles=2, drafts=1, claims=5, seed=3)
        first = generated_claims()
        transaction.set_rollback(True)
    call_command("generatedata", articles=2, drafts=1, claims=5, seed=3)
    assert generated_claims() == first
