"""The extractclaims management command."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from .conftest import REPO_ROOT

BODY = REPO_ROOT / "seeds" / "isis-convoy" / "body.txt"


def _lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.mark.skipif(not BODY.exists(), reason="seed body not found")
def test_command_prints_one_json_object_per_claim_of_the_seed():
    out = io.StringIO()
    call_command("extractclaims", str(BODY), "--published", "2017-09-08", stdout=out)
    claims = _lines(out.getvalue())
    text = BODY.read_text(encoding="utf-8")
    assert any(c["kind"] == "count" and c["value"] == 600 for c in claims)
    assert any(c["kind"] == "quote" and "Abadi" in (c["speaker"] or "") for c in claims)
    assert all(text[c["start"] : c["end"]] == c["text"] for c in claims)
    assert [c["start"] for c in claims] == sorted(c["start"] for c in claims)
    thursday = [c for c in claims if c["text"] == "Thursday"]
    assert thursday
    assert thursday[0]["value"] == "2017-09-07"


def test_command_reads_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Police said 12 people were hurt."))
    out = io.StringIO()
    call_command("extractclaims", "-", stdout=out)
    (claim,) = _lines(out.getvalue())
    assert (claim["kind"], claim["value"], claim["subject"]) == ("count", 12, "people")


def test_bad_published_date_is_a_clear_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("12 people", encoding="utf-8")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("extractclaims", str(path), "--published", "2017-13-01")


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("extractclaims", str(tmp_path / "missing.txt"))
