import csv
import io
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from treatsafe.core.errors import DomainError
from treatsafe.ingredients.photos import MAX_PHOTO_BYTES
from treatsafe.ingredients.services import (
    MAX_CHARACTERS,
    LabelResult,
    check_text,
    get_index,
    read_label_photo,
    validate_text,
)
from treatsafe.ingredients.wording import MAKER_HEADING, SCOPE_HEADING, STATUS_TAGS


def render_table(result: LabelResult) -> str:
    heading, explanation = result.headline
    rows = [("Ingredient", "INCI name", "Match", "Status", "What it does")]
    for item in result.ingredients:
        name = item.input + (" (may contain)" if item.may_contain else "")
        match = (
            item.match if item.match in ("exact", "synonym", "none") else f"fuzzy {item.score:g}"
        )
        does = ", ".join(function.plain for function in item.functions)
        if item.fragrance_allergen:
            does = "EU fragrance allergen" + (", " + does if does else "")
        rows.append((name, item.inci or "-", match, STATUS_TAGS[item.status], does or "-"))
    widths = [min(40, max(len(row[i]) for row in rows)) for i in range(5)]
    lines = [
        f"Verdict: {heading} ({result.verdict})",
        explanation,
        f"In this list: {result.summary}.",
        "",
    ]
    if result.problems:
        lines += ["What is wrong:"]
        lines += [f"- {f.ingredient} ({f.entry}): {f.text}" for f in result.problems] + [""]
    for index, row in enumerate(rows):
        cells = [cell if len(cell) <= 40 else cell[:37] + "..." for cell in row]
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()
        )
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    if result.warnings:
        lines += ["", "Warnings:"] + [f"- {warning}" for warning in result.warnings]
    if result.scope_checks:
        lines += ["", f"{SCOPE_HEADING}:"]
        lines += [f"- {f.ingredient} ({f.entry}): {f.text}" for f in result.scope_checks]
    if result.maker_limits:
        lines += ["", f"{MAKER_HEADING} (not a warning: only the maker can check these):"]
        lines += [f"- {f.ingredient} ({f.entry}): {f.text}" for f in result.maker_limits]
    lines += ["", "Source: European Commission CosIng (information only, no legal value)."]
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Check a product's ingredient list against CosIng.\n\n"
        "Reads the list from FILE, or from standard input with '-'; prints a table, or the "
        "JSON result with --json. With --photo, FILE is a JPEG, PNG or HEIC photo of the label, "
        "read with Tesseract OCR. With --batch CSV --column NAME, checks every row of a CSV "
        "file and writes one JSON result per line."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="a text file with the ingredient list, or -")
        parser.add_argument("--json", action="store_true", help="print the JSON result")
        parser.add_argument(
            "--photo",
            action="store_true",
            help="FILE is a JPEG, PNG or HEIC photo of the label: read it with Tesseract OCR first",
        )
        parser.add_argument("--batch", metavar="CSV", help="check every row of this CSV file")
        parser.add_argument("--column", default="ingredients", help="the CSV column with the lists")
        parser.add_argument(
            "--output", metavar="FILE", help="batch results file (JSON lines; default stdout)"
        )

    def handle(self, *args, file, json: bool, photo, batch, column, output, verbosity, **options):
        if batch:
            return self.batch(Path(batch), column, output, verbosity)
        if not file:
            raise CommandError("give a FILE with the ingredient list, '-' for stdin, or --batch")
        data = self.read(file, MAX_PHOTO_BYTES + 1 if photo else MAX_CHARACTERS * 4 + 1)
        try:
            text = read_label_photo(data) if photo else validate_text(data)
            result = check_text(text, get_index())
        except DomainError as error:
            raise CommandError(error.message) from error
        if json:
            body = {"text": text, **result.as_dict()} if photo else result.as_dict()
            self.stdout.write(_dumps(body, indent=2))
        else:
            if photo:
                self.stdout.write("Text read from the photo (compare it with the label):")
                self.stdout.write(text + "\n\n")
            self.stdout.write(render_table(result))

    def read(self, file: str, limit: int) -> bytes:
        if file == "-":
            return sys.stdin.buffer.read(limit)
        path = Path(file)
        if not path.exists():
            raise CommandError(f"{file}: no such file")
        if path.is_dir():
            raise CommandError(f"{file}: is a directory, not a text file")
        try:
            with path.open("rb") as handle:
                return handle.read(limit)
        except OSError as error:
            raise CommandError(f"{file}: cannot be read ({error.strerror})") from error

    def batch(self, path: Path, column: str, output: str | None, verbosity: int) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise CommandError(f"{path}: not a UTF-8 CSV file ({error})") from error
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if column not in (reader.fieldnames or []):
            found = ", ".join(reader.fieldnames or []) or "none"
            raise CommandError(f"{path}: no column {column!r} (columns: {found})")
        index = get_index()
        rows = list(reader)
        show_bar = verbosity > 0 and sys.stderr.isatty()
        target = open(output, "w", encoding="utf-8") if output else None  # noqa: SIM115
        counts: dict[str, int] = {}
        try:
            for number, row in enumerate(tqdm(rows, unit=" labels", disable=not show_bar), 1):
                try:
                    body = check_text(row[column] or "", index).as_dict()
                    counts[body["verdict"]] = counts.get(body["verdict"], 0) + 1
                except DomainError as error:
                    body = {"error": error.code, "message": error.message}
                    counts["error"] = counts.get("error", 0) + 1
                line = _dumps({"row": number, **body})
                if target:
                    target.write(line + "\n")
                else:
                    self.stdout.write(line)
        finally:
            if target:
                target.close()
        if verbosity > 0:
            summary = ", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items()))
            self.stderr.write(f"Checked {len(rows)} labels: {summary or 'none'}.")


def _dumps(value, **kwargs) -> str:
    return json.dumps(value, ensure_ascii=False, **kwargs)
