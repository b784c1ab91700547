"""Print the claims extracted from a text file (or stdin) as JSON lines."""

import datetime as dt
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from checks.extraction import extract_claims


class Command(BaseCommand):
    help = "Extract checkable claims from PATH (or - for stdin); one JSON per line."

    def add_arguments(self, parser):
        parser.add_argument("path", help="text file to read, or - for stdin")
        parser.add_argument(
            "--published",
            metavar="YYYY-MM-DD",
            help="publication date, to resolve relative dates such as 'Thursday'",
        )

    def handle(self, *args, path, published=None, **options):
        when = None
        if published:
            try:
                when = dt.date.fromisoformat(published)
            except ValueError:
                raise CommandError(
                    f"--published must be a date as YYYY-MM-DD, not {published!r}."
                ) from None
        if path == "-":
            text = sys.stdin.read()
        else:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except FileNotFoundError:
                raise CommandError(f"No such file: {path}") from None
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"Cannot read {path}: {exc}") from None
        for claim in extract_claims(text, published=when):
            self.stdout.write(json.dumps(claim.to_dict(), ensure_ascii=False))
