"""The step-by-step treatment check (GOV.UK question pages): one question per page, answers kept
in the session, then "check your answers". The steps are data; views.py only renders them."""

from dataclasses import dataclass, field

from treatsafe.treatments.catalogue import TREATMENTS, get_treatment
from treatsafe.treatments.rules import HEALTHCARE_PROFESSIONALS, JURISDICTIONS

SESSION_KEY = "treatment_check"
MAX_LABEL = 20_000
MAX_POSTCODE = 20
ASKS_PRESCRIBER = {"botulinum-toxin", "vitamin-injection"}


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Step:
    slug: str
    field: str
    question: str
    summary_label: str
    kind: str  # "radios" | "text" | "textarea"
    missing: str  # the error message when no answer is given
    hint: str = ""
    choices: tuple[Choice, ...] = ()
    required: bool = True
    applies_to: frozenset[str] | None = None  # treatments this step is asked for (None: all)
    extra: dict = field(default_factory=dict)

    def applies(self, answers: dict) -> bool:
        if self.slug == "nation":
            return bool(answers.get("candidate_nations"))
        if self.slug == "registration":
            return asks_registration(answers)
        if self.applies_to is None:
            return True
        return answers.get("treatment") in self.applies_to

    def choices_for(self, answers: dict) -> tuple[Choice, ...]:
        if self.slug == "nation":
            names = answers.get("candidate_nations") or []
            return tuple(Choice(name, NATION_LABELS.get(name, name)) for name in names)
        return self.choices

    def display(self, answers: dict) -> str:
        value = answers.get(self.field)
        if not value:
            return "Not given"
        for choice in self.choices_for(answers):
            if choice.value == value:
                return choice.label
        if self.kind == "textarea":
            return value if len(value) <= 200 else value[:200] + "\u2026"
        return value

    def clean(self, raw: str | None, answers: dict) -> tuple[str | None, str | None]:
        """(value, error message)."""
        value = (raw or "").strip()
        if not value:
            return (None, self.missing) if self.required else ("", None)
        if self.kind == "radios":
            allowed = {choice.value for choice in self.choices_for(answers)}
            return (value, None) if value in allowed else (None, self.missing)
        limit = MAX_LABEL if self.kind == "textarea" else MAX_POSTCODE
        if len(value) > limit:
            return None, f"{self.summary_label} must be {limit:,} characters or fewer"
        return value, None


NATION_LABELS = {"Crown Dependency": "Jersey, Guernsey or the Isle of Man"}

STEPS: tuple[Step, ...] = (
    Step(
        slug="treatment",
        field="treatment",
        question="Which treatment are you thinking of having?",
        summary_label="Treatment",
        kind="radios",
        missing="Select the treatment you are thinking of having",
        hint="Choose the closest. We ask how it will be given later.",
        choices=tuple(
            Choice(t.slug, t.name, "Also called " + ", ".join(t.aliases[:3]) if t.aliases else "")
            for t in TREATMENTS
        ),
    ),
    Step(
        slug="source",
        field="source",
        question="What did the clinic say the product is made from?",
        summary_label="Made from",
        kind="radios",
        missing="Select what the clinic said the product is made from",
        hint="For exosomes, this is where the exosomes come from.",
        choices=(
            Choice("plant", "A plant", "For example rose, grape or apple"),
            Choice("animal", "An animal", "For example salmon, milk or colostrum"),
            Choice("microbial", "Microbes", "For example bacteria or yeast"),
            Choice("synthetic", "Made in a laboratory (synthetic)"),
            Choice(
                "human",
                "Human material",
                "For example human stem cells, donor tissue, umbilical cord or placenta",
            ),
            Choice("unknown", "They did not say, or I do not know"),
        ),
    ),
    Step(
        slug="route",
        field="route",
        question="How will it be given?",
        summary_label="How it is given",
        kind="radios",
        missing="Select how the treatment will be given",
        choices=(
            Choice("topical", "Put on the skin only", "For example in a facial or a mask"),
            Choice(
                "after-microneedling",
                "Put on the skin after microneedling or laser",
                "The skin is punctured first, so the product goes below the surface",
            ),
            Choice("injected", "Injected", "Including injections with a needle or cannula"),
            Choice("unknown", "I do not know"),
        ),
    ),
    Step(
        slug="postcode",
        field="postcode",
        question="What is the clinic's postcode?",
        summary_label="Clinic's postcode",
        kind="text",
        missing="Enter the clinic's postcode",
        hint="The law differs between England, Wales, Scotland and Northern Ireland. "
        "For example, CF10 1AA",
    ),
    Step(
        slug="nation",
        field="nation",
        question="Which nation is the clinic in?",
        summary_label="Nation",
        kind="radios",
        missing="Select which nation the clinic is in",
        hint="This postcode area crosses a border.",
    ),
    Step(
        slug="age",
        field="age_band",
        question="How old are you?",
        summary_label="Age",
        kind="radios",
        missing="Select your age",
        choices=(Choice("under_18", "Under 18"), Choice("18_or_over", "18 or over")),
    ),
    Step(
        slug="who",
        field="administered_by",
        question="Who will give you the treatment?",
        summary_label="Given by",
        kind="radios",
        missing="Select who will give you the treatment",
        choices=(
            Choice("doctor", "A doctor"),
            Choice("dentist", "A dentist"),
            Choice("nurse", "A nurse"),
            Choice("pharmacist", "A pharmacist"),
            Choice(
                "non_healthcare",
                "Someone who is not a healthcare professional",
                "For example a beauty therapist or aesthetician",
            ),
            Choice("unknown", "I do not know"),
        ),
    ),
    Step(
        slug="registration",
        field="clinic_registered",
        question="Is the clinic registered with Healthcare Improvement Scotland?",
        summary_label="Registered with Healthcare Improvement Scotland",
        kind="radios",
        missing="Select whether the clinic is registered with Healthcare Improvement Scotland",
        hint="In Scotland a clinic where a doctor, dentist, nurse, midwife or pharmacist treats "
        "you must be registered. You can ask the clinic, or look it up on the Healthcare "
        "Improvement Scotland website.",
        choices=(
            Choice("yes", "Yes, it is registered"),
            Choice("no", "No, it is not registered"),
            Choice("unknown", "I do not know"),
        ),
    ),
    Step(
        slug="prescriber",
        field="prescriber",
        question="Has a prescriber seen you in person?",
        summary_label="Prescriber",
        kind="radios",
        missing="Select whether a prescriber has seen you in person",
        hint="A prescriber is a doctor, dentist, or a nurse or pharmacist who can prescribe.",
        choices=(
            Choice("yes", "Yes, in person"),
            Choice("remote", "Only by phone, video or an online form"),
            Choice("no", "No"),
            Choice("unknown", "I do not know"),
        ),
        applies_to=frozenset(ASKS_PRESCRIBER),
    ),
    Step(
        slug="label",
        field="label",
        question="What does the product's ingredient list say? (optional)",
        summary_label="Ingredient list",
        kind="textarea",
        missing="",
        hint="Copy the ingredients from the packaging or the product's website, if you have "
        "them. We check them against the cosmetics regulation.",
        required=False,
    ),
)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}
JURISDICTION_CHOICES = tuple(Choice(name, NATION_LABELS.get(name, name)) for name in JURISDICTIONS)


def asks_registration(answers: dict) -> bool:
    """Healthcare Improvement Scotland registration is asked when a healthcare professional
    treats you in Scotland (the duty to register follows who works in the clinic)."""
    where = answers.get("jurisdiction") or answers.get("nation")
    return where == "Scotland" and answers.get("administered_by") in HEALTHCARE_PROFESSIONALS


def applicable_steps(answers: dict) -> list[Step]:
    return [step for step in STEPS if step.applies(answers)]


def next_slug(answers: dict, current: str) -> str:
    """The step after `current`, or "check" at the end."""
    steps = applicable_steps(answers)
    slugs = [step.slug for step in steps]
    if current in slugs and slugs.index(current) + 1 < len(slugs):
        return slugs[slugs.index(current) + 1]
    return "check"


def previous_slug(answers: dict, current: str) -> str | None:
    slugs = [step.slug for step in applicable_steps(answers)]
    if current == "check":
        return slugs[-1]
    if current in slugs and slugs.index(current) > 0:
        return slugs[slugs.index(current) - 1]
    return None


def first_unanswered(answers: dict) -> str | None:
    for step in applicable_steps(answers):
        if step.required and not answers.get(step.field):
            return step.slug
    return None


def result_params(answers: dict) -> dict:
    """The query string of the result page for a complete set of answers."""
    treatment = get_treatment(answers["treatment"]).slug
    params = {
        "treatment": treatment,
        "source": answers["source"],
        "route": answers["route"],
        "jurisdiction": answers.get("jurisdiction") or answers.get("nation") or "",
        "postcode": answers.get("postcode", ""),
        "age_band": answers.get("age_band", ""),
        "administered_by": answers.get("administered_by", ""),
    }
    if treatment in ASKS_PRESCRIBER and answers.get("prescriber"):
        params["prescriber"] = answers["prescriber"]
    if asks_registration(answers) and answers.get("clinic_registered"):
        params["clinic_registered"] = answers["clinic_registered"]
    if answers.get("label"):
        params["label"] = "session"
    return {key: value for key, value in params.items() if value}
