import json
import sys
import textwrap
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from treatsafe.core.errors import DomainError
from treatsafe.treatments.catalogue import SLUGS
from treatsafe.treatments.rules import JURISDICTIONS, VOCABULARY
from treatsafe.treatments.services import TreatmentResult, check_treatment, query_from_inputs

MAX_LABEL_BYTES = 200_000


class Command(BaseCommand):
    help = (
        "Check whether a treatment offer is lawful and appropriate.\n"
        "Example: treatsafe check-treatment --treatment exosomes --source plant --route topical "
        '--postcode "CF10 1AA" --json (the JSON is the API\'s).'
    )

    def add_arguments(self, parser):
        parser.add_argument("--treatment", required=True, choices=SLUGS)
        parser.add_argument("--source", default="unknown", choices=VOCABULARY["source"])
        parser.add_argument("--route", default="unknown", choices=VOCABULARY["route"])
        place = parser.add_mutually_exclusive_group(required=True)
        place.add_argument("--postcode", help="the clinic's postcode")
        place.add_argument("--jurisdiction", choices=JURISDICTIONS)
        parser.add_argument("--nation", help="which nation, for a postcode near a border")
        parser.add_argument("--age", type=int, help="the patient's age in years")
        parser.add_argument(
            "--prescriber",
            default="unknown",
            choices=VOCABULARY["prescriber"],
            help="has a prescriber assessed the patient face to face (remote: only online)",
        )
        parser.add_argument("--administered-by", choices=VOCABULARY["administered_by"][:-1])
        parser.add_argument(
            "--clinic-registered",
            choices=VOCABULARY["clinic_registered"][:-1],
            help="Scotland: is the clinic registered with Healthcare Improvement Scotland",
        )
        parser.add_argument(
            "--label", help="a file holding the product's ingredient list (- for stdin)"
        )
        parser.add_argument("--json", action="store_true", help="print the API's JSON")

    def handle(self, *args, **options):
        label_text = _read_label(options["label"]) if options["label"] else None
        try:
            query = query_from_inputs(
                treatment=options["treatment"],
                source=options["source"],
                route=options["route"],
                postcode=options["postcode"],
                nation=options["nation"],
                jurisdiction=options["jurisdiction"],
                age=options["age"],
                prescriber=options["prescriber"],
                administered_by=options["administered_by"],
                clinic_registered=options["clinic_registered"],
                label_text=label_text,
            )
            result = check_treatment(query)
        except DomainError as error:
            raise CommandError(error.message) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(describe(result))


def _read_label(name: str) -> str:
    if name == "-":
        return sys.stdin.read(MAX_LABEL_BYTES)
    path = Path(name)
    if not path.is_file():
        raise CommandError(f"{name}: no such file")
    data = path.read_bytes()[:MAX_LABEL_BYTES]
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{name}: the label file must be UTF-8 text") from None


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, width=88, initial_indent=indent, subsequent_indent=indent)


def describe(result: TreatmentResult) -> str:
    """The verdict for people: one sentence, then why, with citations, and what to do."""
    lines = [f"Verdict: {result.verdict_label.upper()} ({result.verdict})", result.summary, ""]
    lines.append("Why:")
    for reason in result.reasons:
        tag = " [needs a source]" if reason.needs_source else ""
        lines.append(f"- {reason.title} ({reason.verdict}, rule {reason.rule_id}){tag}")
        lines.append(_wrap(reason.text))
        for citation in reason.citations:
            source = citation.source
            where = f", {citation.clause}" if citation.clause else ""
            url = f" {source.url}" if source.url else ""
            lines.append(_wrap(f"Source: {source.title}{where} ({source.evidence}){url}", "    "))
    if result.coming:
        lines += ["", "Coming, not yet law:"]
        lines += [f"- {reason.title} ({reason.status})" for reason in result.coming]
    if result.background:
        lines += ["", "Background (about other treatments, not part of the verdict):"]
        lines += [f"- {reason.title} (rule {reason.rule_id})" for reason in result.background]
    lines += ["", "What to do next:"]
    lines += [f"- {step.text}" for step in result.next_steps]
    lines += ["", "Questions to ask your practitioner:"]
    lines += [f"{n}. {q.text}" for n, q in enumerate(result.questions, 1)]
    lines += ["", f"Rules last verified: {result.rules_last_verified.isoformat()}"]
    return "\n".join(lines)
