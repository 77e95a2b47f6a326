"""The treatment catalogue: what a person can ask about, with stable slugs.

The route (on the skin, after microneedling, injected) is a separate answer, so an exosome facial
and an exosome injection are one treatment given two ways. Slugs are part of the public API and
of the rule files: never rename one.
"""

from dataclasses import dataclass

from treatsafe.core.errors import NotFound


class UnknownTreatment(NotFound):
    code = "unknown_treatment"


@dataclass(frozen=True)
class Treatment:
    slug: str
    name: str
    description: str
    aliases: tuple[str, ...] = ()
    is_prescription_only: bool = False
    usual_routes: tuple[str, ...] = ("topical", "after-microneedling", "injected")

    def as_dict(self) -> dict:
        return {
            "slug": self.slug,
            "name": self.name,
            "description": self.description,
            "aliases": list(self.aliases),
            "is_prescription_only": self.is_prescription_only,
            "usual_routes": list(self.usual_routes),
        }


TREATMENTS: tuple[Treatment, ...] = (
    Treatment(
        slug="exosomes",
        name="Exosomes",
        description=(
            "Tiny particles (extracellular vesicles) released by cells, sold in facials, after "
            "microneedling or as injections. They may come from plants, animals, microbes or "
            "human cells; where they come from and how they are given decide whether they are "
            "legal."
        ),
        aliases=(
            "exosome facial",
            "exosome injection",
            "stem-cell exosomes",
            "extracellular vesicles",
        ),
    ),
    Treatment(
        slug="polynucleotides",
        name="Polynucleotides",
        description=(
            "Injections of DNA fragments, usually from salmon or trout, sold to improve skin "
            "quality, often under the eyes."
        ),
        aliases=("salmon DNA", "PN injection", "PDRN"),
        usual_routes=("injected", "after-microneedling"),
    ),
    Treatment(
        slug="botulinum-toxin",
        name="Botulinum toxin",
        description=(
            "A prescription-only medicine injected to relax muscles, sold for lines and wrinkles, "
            "jaw slimming and to the trapezius muscles of the neck and shoulders "
            "(\u201cBarbie Botox\u201d)."
        ),
        aliases=("Botox", "Barbie Botox", "trapezius Botox", "anti-wrinkle injections", "toxin"),
        is_prescription_only=True,
        usual_routes=("injected",),
    ),
    Treatment(
        slug="dermal-filler",
        name="Dermal filler",
        description=(
            "A gel, usually hyaluronic acid, injected to add volume to lips, cheeks, jaw or "
            "under the eyes."
        ),
        aliases=("lip filler", "cheek filler", "filler", "hyaluronic acid filler"),
        usual_routes=("injected",),
    ),
    Treatment(
        slug="vitamin-injection",
        name="Vitamin injection",
        description="An injection of vitamins such as vitamin B12, sold for energy or wellbeing.",
        aliases=("B12 shot", "vitamin B12 injection", "vitamin shot", "vitamin drip"),
        usual_routes=("injected",),
    ),
    Treatment(
        slug="prp",
        name="Platelet-rich plasma (PRP)",
        description=(
            "Your own blood, spun to concentrate the platelets and put back into the skin or scalp "
            "by injection or after microneedling (\u201cvampire facial\u201d)."
        ),
        aliases=("vampire facial", "PRP facial", "platelet-rich plasma"),
        usual_routes=("injected", "after-microneedling"),
    ),
    Treatment(
        slug="skin-booster",
        name="Skin booster",
        description=(
            "Small injections of a thin hyaluronic acid gel (sometimes with other ingredients) "
            "across the skin to improve hydration."
        ),
        aliases=("Profhilo", "injectable moisturiser", "skin boosters"),
        usual_routes=("injected",),
    ),
    Treatment(
        slug="microneedling",
        name="Microneedling",
        description=(
            "Fine needles make small punctures in the skin; a serum is often applied at the same "
            "time, which is then taken up through the punctures."
        ),
        aliases=("collagen induction therapy", "dermapen", "dermaroller", "skin needling"),
        usual_routes=("topical", "after-microneedling"),
    ),
    Treatment(
        slug="chemical-peel",
        name="Chemical peel",
        description="An acid solution applied to the skin to remove its outer layers.",
        aliases=("skin peel", "TCA peel", "glycolic peel"),
        usual_routes=("topical",),
    ),
)

_BY_SLUG = {treatment.slug: treatment for treatment in TREATMENTS}
SLUGS: tuple[str, ...] = tuple(_BY_SLUG)


def get_treatment(slug: str) -> Treatment:
    """The treatment with this slug; raise UnknownTreatment (404) naming the valid slugs."""
    try:
        return _BY_SLUG[slug]
    except KeyError:
        raise UnknownTreatment(
            f"There is no treatment called {slug!r}. Choose one of: {', '.join(SLUGS)}.",
            treatments=list(SLUGS),
        ) from None
