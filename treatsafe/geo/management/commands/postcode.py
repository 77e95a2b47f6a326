import json

from django.core.management.base import BaseCommand, CommandError

from treatsafe.core.errors import DomainError
from treatsafe.geo.services import PostcodeResult, lookup_place


class Command(BaseCommand):
    help = (
        "Look up a UK postcode, district or place name.\n"
        'Example: treatsafe postcode "w1g9pf" --json (the JSON is the API\'s).'
    )

    def add_arguments(self, parser):
        parser.add_argument("text", help='a postcode ("W1G 9PF"), district ("SY10") or town')
        parser.add_argument("--json", action="store_true", help="print the API's JSON")

    def handle(self, *args, text, json: bool, **options):
        try:
            result = lookup_place(text)
        except DomainError as error:
            raise CommandError(error.message) from None
        if json:
            self.stdout.write(_dumps(result.as_dict()))
        else:
            self.stdout.write(describe(result))


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def describe(result: PostcodeResult) -> str:
    """A plain-text summary for people, one fact per line."""
    if result.nation:
        nation = result.nation
    elif result.crown_dependency:
        nation = f"none: {result.crown_dependency} is a Crown Dependency, outside the UK"
    elif result.candidate_nations:
        nation = "not known: one of " + ", ".join(result.candidate_nations)
    else:
        nation = "not known"
    if result.latitude is None:
        position = "none (non-geographic or not held)"
    else:
        position = f"{result.latitude:.6f}, {result.longitude:.6f} ({result.precision} precision)"
    lines = [
        ("Postcode", result.postcode),
        ("Place", result.place),
        ("Districts", ", ".join(result.districts) if result.kind == "place" else None),
        ("Nation", nation),
        ("Local authority", result.local_authority),
        ("Jurisdiction", result.jurisdiction),
        ("Position", position),
    ]
    text = "\n".join(f"{label + ':':<17}{value}" for label, value in lines if value)
    return text + "".join(f"\nNote: {note}" for note in result.notes)
