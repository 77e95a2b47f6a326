import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from treatsafe.core.errors import DomainError
from treatsafe.treatments.adverts import MAX_ADVERT_CHARACTERS, check_advert


class Command(BaseCommand):
    help = (
        "Flag unlawful or unsafe claims in a clinic's advert or message, quoting its words "
        "(with character offsets) and citing the rule each breaks.\n"
        "Example: treatsafe check-advert advert.txt, or - to read standard input."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a text file holding the advert, or - for stdin")
        parser.add_argument("--json", action="store_true", help="print the API's JSON")

    def handle(self, *args, file: str, json: bool, **options):
        text = _read(file)
        try:
            result = check_advert(text)
        except DomainError as error:
            raise CommandError(error.message) from None
        if json:
            self.stdout.write(_dumps(result.as_dict()))
            return
        if not result.flags:
            self.stdout.write("No warning signs found. That does not make a treatment safe.")
            return
        self.stdout.write(f"Verdict: {result.verdict}")
        for flag in result.flags:
            self.stdout.write(f"- {flag.label} [{flag.claim}] ({flag.verdict})")
            for quote in flag.quotes:
                self.stdout.write(f'  "{quote.text}" (characters {quote.start}-{quote.end})')
            self.stdout.write(f"  Breaks rule {flag.rule_id}: {flag.rule.title}")
            if flag.detail:
                self.stdout.write(f"  {flag.detail}")
            for citation in flag.citations:
                clause = f", {citation.clause}" if citation.clause else ""
                self.stdout.write(f"  Source: {citation.source.title}{clause}")


def _read(name: str) -> str:
    limit = MAX_ADVERT_CHARACTERS * 4 + 1
    if name == "-":
        return sys.stdin.read(limit)
    path = Path(name)
    if not path.is_file():
        raise CommandError(f"{name}: no such file")
    try:
        return path.read_bytes()[:limit].decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{name}: the advert must be UTF-8 text") from None


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
