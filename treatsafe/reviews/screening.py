"""Which reviews are held for moderation before anyone sees them: those containing an email
address, a phone number or what looks like a person's full name. Errs towards holding: a held
review costs a moderator a minute, a published phone number cannot be taken back."""

import re

EMAIL = re.compile(r"[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# UK numbers (07700 900123, 020 7946 0000, +44 7700 900123) and any long run of digits.
PHONE = re.compile(r"(?:\+\s*44|\b0)(?:[\s().-]*\d){9,10}\b|\b\d(?:[\s.-]?\d){9,}\b")
NAME_WORD = r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?"
FULL_NAME = re.compile(rf"\b({NAME_WORD})\s+({NAME_WORD})\b")
# Capitalised words that are not names (sentence starts, treatments, places of the calendar).
NOT_NAMES = set(
    [
        "a",
        "after",
        "all",
        "also",
        "amazing",
        "and",
        "april",
        "august",
        "absolutely",
        "best",
        "botox",
        "brilliant",
        "but",
        "cheek",
        "cheeks",
        "clinic",
        "could",
        "december",
        "definitely",
        "dermal",
        "did",
        "doctor",
        "dr",
        "excellent",
        "fantastic",
        "february",
        "filler",
        "fillers",
        "five",
        "friday",
        "friendly",
        "good",
        "great",
        "had",
        "happy",
        "he",
        "her",
        "highly",
        "his",
        "honestly",
        "i",
        "if",
        "in",
        "it",
        "january",
        "july",
        "june",
        "lip",
        "lips",
        "lovely",
        "march",
        "may",
        "monday",
        "my",
        "no",
        "not",
        "november",
        "now",
        "nurse",
        "october",
        "overall",
        "really",
        "recommend",
        "results",
        "saturday",
        "september",
        "she",
        "so",
        "sunday",
        "thank",
        "thanks",
        "the",
        "then",
        "they",
        "this",
        "thursday",
        "toxin",
        "treatment",
        "tuesday",
        "very",
        "was",
        "we",
        "wednesday",
        "well",
        "what",
        "when",
        "will",
        "would",
        "wow",
        "yes",
        "you",
        "your",
    ]
)


def _known(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[A-Za-z]+", text or "")}


def hold_reasons(text: str, public_names: tuple[str, ...] = ()) -> list[str]:
    """Why a review must be held, if it must. `public_names` (the practitioner's and clinic's
    listed names, the products) are already public and do not count as someone's name."""
    reasons = []
    if EMAIL.search(text):
        reasons.append("contains an email address")
    if PHONE.search(text):
        reasons.append("contains a phone number")
    public = set().union(*(_known(n) for n in public_names)) if public_names else set()
    for first, last in FULL_NAME.findall(text):
        words = {first.lower(), last.lower()}
        if words & NOT_NAMES or words <= public:
            continue
        reasons.append("may contain a person's full name")
        break
    return reasons
