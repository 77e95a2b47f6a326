"""Generate a corpus of realistic ingredient labels from the CosIng inventory, with typos and OCR
noise injected into some names, and the right answer kept for every fragment.

Deterministic for a given seed. bench/labels.py generates it at run time; to look at it:

    .venv/bin/python bench/label_corpus.py --labels 20 --write bench/data/label_corpus.jsonl
"""

import argparse
import json
import random
import re
import string
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Ingredients that appear on most real labels, so the corpus is not just rare names.
COMMON = [
    "AQUA",
    "GLYCERIN",
    "BUTYLENE GLYCOL",
    "NIACINAMIDE",
    "PHENOXYETHANOL",
    "SODIUM HYALURONATE",
    "PANTHENOL",
    "ALLANTOIN",
    "CETEARYL ALCOHOL",
    "DIMETHICONE",
    "CAPRYLIC/CAPRIC TRIGLYCERIDE",
    "TOCOPHEROL",
    "XANTHAN GUM",
    "CITRIC ACID",
    "SODIUM HYDROXIDE",
    "CARBOMER",
    "ETHYLHEXYLGLYCERIN",
    "PARFUM",
    "LIMONENE",
    "LINALOOL",
    "SQUALANE",
    "1,2-HEXANEDIOL",
    "DISODIUM EDTA",
    "PROPANEDIOL",
    "PENTYLENE GLYCOL",
    "SODIUM BENZOATE",
    "POTASSIUM SORBATE",
    "ACETYL HEXAPEPTIDE-8",
    "PALMITOYL TRIPEPTIDE-1",
    "ADENOSINE",
    "HYDROXYETHYLCELLULOSE",
    "CERAMIDE NP",
    "BUTYROSPERMUM PARKII BUTTER",
    "SIMMONDSIA CHINENSIS SEED OIL",
    "ALOE BARBADENSIS LEAF JUICE",
    "SALICYLIC ACID",
    "GLYCOLIC ACID",
    "RETINOL",
    "ASCORBIC ACID",
    "TITANIUM DIOXIDE",
]
COLOURS = ["CI 77891", "CI 77491", "CI 77492", "CI 77499", "CI 77007", "CI 19140"]
SEPARATORS = [", ", ", ", ", ", "; ", "\n", " • ", ","]
HEADERS = ["", "", "Ingredients: ", "INGREDIENTS: ", "INCI: ", "Ingrédients : "]
NOISE_RATE = 0.12


@dataclass
class Label:
    text: str
    expected: list[int]  # the CosIng ref of each fragment, in order
    noisy: list[bool] = field(default_factory=list)  # which fragments had noise injected
    noise: list[str] = field(default_factory=list)  # what kind ("" where none)


def usable(name: str) -> bool:
    """Names a label parser can take back apart unambiguously: no brackets, no comma followed
    by a space, no may-contain markers, printable ASCII, not absurdly long."""
    return (
        len(name) <= 50
        and name.isascii()
        and not re.search(r"[()\[\];•]|, |\+/-|%|^\d", name)
        and name == name.strip()
    )


def typo(word: str, rng: random.Random) -> tuple[str, str]:
    """One keyboard-style edit inside a word of six letters or more."""
    positions = [i for i, c in enumerate(word) if c.isalpha()]
    i = rng.choice(positions[1:-1] or positions)
    kind = rng.choice(["substitute", "delete", "insert", "transpose"])
    letter = rng.choice(string.ascii_uppercase)
    if kind == "substitute":
        return word[:i] + letter + word[i + 1 :], kind
    if kind == "delete":
        return word[:i] + word[i + 1 :], kind
    if kind == "insert":
        return word[:i] + letter + word[i:], kind
    if i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :], kind
    return word[:i] + letter + word[i + 1 :], "substitute"


def ocr(name: str, rng: random.Random) -> tuple[str, str]:
    """A look-alike character misread, or a lost or doubled space."""
    options = []
    if "O" in name:
        options.append(("O", "0"))
    if "I" in name:
        options.append(("I", "l"))
    if "L" in name:
        options.append(("L", "1"))
    if "M" in name:
        options.append(("M", "RN"))
    if " " in name:
        options.append((" ", ""))
        options.append((" ", "  "))
    if not options:
        return name, ""
    before, after = rng.choice(options)
    spots = [m.start() for m in re.finditer(re.escape(before), name)]
    at = rng.choice(spots)
    return name[:at] + after + name[at + len(before) :], "ocr"


def noisy(name: str, rng: random.Random) -> tuple[str, str]:
    words = name.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if long_words and rng.random() < 0.5:
        i = rng.choice(long_words)
        words[i], kind = typo(words[i], rng)
        return " ".join(words), kind
    return ocr(name, rng)


def styled(name: str, style: str) -> str:
    if style == "title":
        return " ".join(w.capitalize() for w in name.split(" "))
    if style == "lower":
        return name.lower()
    return name


def generate(inventory: dict[str, int], count: int = 1000, seed: int = 2026) -> list[Label]:
    """`inventory` maps INCI name to CosIng ref."""
    rng = random.Random(seed)
    pool = sorted(name for name in inventory if usable(name))
    common = [name for name in COMMON if name in inventory]
    colours = [name for name in COLOURS if name in inventory]
    labels = []
    for _ in range(count):
        size = rng.randint(8, 30)
        names = ["AQUA"] if rng.random() < 0.8 else []
        while len(names) < size:
            source = common if rng.random() < 0.5 else pool
            name = rng.choice(source)
            if name not in names:
                names.append(name)
        style = rng.choice(["upper", "upper", "title", "lower"])
        separator = rng.choice(SEPARATORS)
        fragments, expected, flags, kinds = [], [], [], []
        for name in names:
            text, kind = name, ""
            if rng.random() < NOISE_RATE:
                text, kind = noisy(name, rng)
            text = styled(text, style)
            if kind == "" and name in ("NIACINAMIDE", "GLYCOLIC ACID") and rng.random() < 0.5:
                text += f" {rng.choice([2, 5, 10])}%"
            if name == "AQUA" and not kind and rng.random() < 0.3:
                text = styled("AQUA (WATER)", style)
            fragments.append(text)
            expected.append(inventory[name])
            flags.append(bool(kind))
            kinds.append(kind)
        text = rng.choice(HEADERS) + separator.join(fragments)
        if colours and rng.random() < 0.2:
            extra = rng.sample(colours, rng.randint(1, 3))
            text += " [+/- " + ", ".join(extra) + "]"
            expected += [inventory[c] for c in extra]
            flags += [False] * len(extra)
            kinds += [""] * len(extra)
        if rng.random() < 0.5:
            text += "."
        labels.append(Label(text, expected, flags, kinds))
    return labels


def read_inventory() -> dict[str, int]:
    import csv
    import gzip

    path = Path(__file__).resolve().parents[1] / "data/cosing/cosing_ingredients_inventory.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return {row["INCI name"]: int(row["COSING Ref No"]) for row in csv.DictReader(handle)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--write", type=Path, help="write the corpus as JSON lines here")
    args = parser.parse_args()
    labels = generate(read_inventory(), args.labels, args.seed)
    lines = "\n".join(json.dumps(asdict(label), ensure_ascii=False) for label in labels)
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(lines + "\n", encoding="utf-8")
    else:
        print(lines)


if __name__ == "__main__":
    main()
