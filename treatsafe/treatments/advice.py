"""What a person should ask and do: the five questions, the next steps for each verdict and the
one-sentence summary of a verdict. Plain data, shared by pages, API, CLI and PDF."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    value: str
    label: str
    walk_away: bool = False


@dataclass(frozen=True)
class Question:
    id: str
    fact: str  # the TreatmentQuery field the answer sets
    text: str
    why: str
    walk_away_when: str
    answers: tuple[Answer, ...]

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "question": self.text,
            "why": self.why,
            "walk_away_when": self.walk_away_when,
            "answers": [
                {"value": a.value, "label": a.label, "walk_away": a.walk_away} for a in self.answers
            ],
        }


QUESTIONS: tuple[Question, ...] = (
    Question(
        id="source",
        fact="source",
        text="What exactly is the product made from, and where does it come from?",
        why=(
            "Exosomes and other products made from human cells are banned in cosmetics. For "
            "exosomes, the answer you want is a named plant source, shown on the packaging."
        ),
        walk_away_when=(
            "Walk away if they say human, stem-cell, donor, umbilical cord or placenta, or they "
            "cannot or will not say."
        ),
        answers=(
            Answer("plant", "A plant (for example rose or grape)"),
            Answer("animal", "An animal (for example salmon or milk)"),
            Answer("microbial", "Microbes (for example bacteria or yeast)"),
            Answer("synthetic", "Made in a laboratory (synthetic)"),
            Answer("human", "Human cells, stem cells, donor tissue, cord or placenta", True),
            Answer("unknown", "They could not or would not say", True),
        ),
    ),
    Question(
        id="route",
        fact="route",
        text="Will it be injected, or only put on the skin?",
        why=(
            "A cosmetic is for the outside of the body. Injected exosomes of any kind are an "
            "unlicensed medicine."
        ),
        walk_away_when=(
            "Walk away if they will not say how it is given, or if a product sold as a cosmetic "
            "(such as exosomes) is to be injected."
        ),
        answers=(
            Answer("topical", "Only put on the skin"),
            Answer("after-microneedling", "Put on the skin after microneedling or laser"),
            Answer("injected", "Injected", True),
            Answer("unknown", "They could not or would not say", True),
        ),
    ),
    Question(
        id="packaging",
        fact="packaging",
        text="Can I see the packaging and the full ingredient list?",
        why=(
            "A claim is not proof: one \u201cplant-based\u201d exosome brand was reported to "
            "contain human material. The label and the supplier's documents are how you know."
        ),
        walk_away_when="Walk away if they will not show you the packaging and ingredient list.",
        answers=(
            Answer("shown", "They showed me the packaging with a full ingredient list"),
            Answer("no_ingredient_list", "They showed packaging with no ingredient list", True),
            Answer("refused", "They would not show me", True),
        ),
    ),
    Question(
        id="evidence",
        fact="evidence",
        text="What is the evidence that it is safe and works, and what are the risks?",
        why="Every treatment has risks. Beware of \u201cno risk\u201d, \u201cguaranteed\u201d "
        "or \u201cpermanent\u201d.",
        walk_away_when="Walk away if they promise no risk, guaranteed or permanent results.",
        answers=(
            Answer("given", "They explained the evidence and the risks"),
            Answer("absolute_claims", "They said no risk, guaranteed or permanent results", True),
            Answer("none", "They could not point to any evidence"),
        ),
    ),
    Question(
        id="accreditation",
        fact="accreditation",
        text="Who has independently accredited you and this clinic?",
        why=(
            "Few rules say who may give non-surgical treatments. Independent accreditation "
            "against published standards is one of the few checks you can make."
        ),
        walk_away_when="Be wary if they have no independent accreditation or will not say.",
        answers=(
            Answer("yes", "They named an independent accreditation I could check"),
            Answer("no", "They have none"),
            Answer("unknown", "They would not say"),
        ),
    ),
)
QUESTIONS_BY_ID = {question.id: question for question in QUESTIONS}


@dataclass(frozen=True)
class NextStep:
    id: str
    text: str
    url: str | None = None

    def as_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "url": self.url}


WALK_AWAY = NextStep("walk_away", "Do not have this treatment. Walk away, even if you have paid.")
ASK = NextStep(
    "ask_questions",
    "Ask the practitioner the five questions below before you agree to anything.",
    "/treatments/questions/",
)
FIND = NextStep(
    "find_practitioner",
    "Find a practitioner who has been independently assessed against published standards.",
    "/register/",
)
REPORT = NextStep(
    "report",
    "Report it: an unsafe or illegal product to your local council's Trading Standards, a "
    "medicine or a side effect to the MHRA Yellow Card scheme.",
    "https://yellowcard.mhra.gov.uk/",
)
UNWELL = NextStep(
    "unwell",
    "If you have had a treatment and feel unwell, contact your GP, call NHS 111 or, in an "
    "emergency, call 999.",
)

NEXT_STEPS: dict[str, tuple[NextStep, ...]] = {
    "unlawful": (WALK_AWAY, REPORT, FIND, UNWELL),
    "red_flag": (ASK, WALK_AWAY, FIND, UNWELL),
    "caution": (ASK, FIND, UNWELL),
    "lawful": (ASK, FIND, UNWELL),
}

SUMMARIES = {
    "unlawful": "As described, this treatment is against the law {place}. Do not have it.",
    "red_flag": (
        "As described, this treatment shows warning signs {place}. Do not go ahead until you "
        "have clear answers."
    ),
    "caution": (
        "As described, this treatment needs care {place}. Check the points below before you go "
        "ahead."
    ),
    "lawful": "As described, this treatment is lawful {place}. Still ask the questions below.",
}

VERDICT_LABELS = {
    "unlawful": "Against the law",
    "red_flag": "Warning signs",
    "caution": "Take care",
    "lawful": "Lawful",
}


def place_phrase(jurisdiction: str | None) -> str:
    if jurisdiction is None:
        return "in the UK"
    if jurisdiction == "Crown Dependency":
        return "in the Crown Dependencies"
    return f"in {jurisdiction}"
