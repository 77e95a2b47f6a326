"""The `cosing` reference dataset: the CosIng inventory and Annexes II-VI."""

from pathlib import Path

from treatsafe.core.importing import Dataset
from treatsafe.ingredients import cosing

BATCH = 2000


def load(paths: dict[str, Path], progress) -> dict[str, int]:
    from treatsafe.ingredients.models import (
        AnnexEntry,
        AnnexLink,
        Ingredient,
        IngredientFunction,
        Synonym,
    )

    data = cosing.read_cosing(paths, progress)  # reads and validates everything first

    Synonym.objects.all().delete()
    AnnexLink.objects.all().delete()
    AnnexEntry.objects.all().delete()
    Ingredient.functions.through.objects.all().delete()
    Ingredient.objects.all().delete()
    IngredientFunction.objects.all().delete()

    names = sorted({name for record in data.ingredients for name in record.functions})
    IngredientFunction.objects.bulk_create(
        [IngredientFunction(name=name) for name in names], batch_size=BATCH
    )
    function_ids = dict(IngredientFunction.objects.values_list("name", "id"))
    Ingredient.objects.bulk_create(
        (
            Ingredient(
                cosing_ref=r.ref,
                inci_name=r.inci,
                inn_name=r.inn,
                ph_eur_name=r.ph_eur,
                cas_numbers=r.cas,
                ec_numbers=r.ec,
                description=r.description,
                restriction_text=r.restriction,
                update_date=r.update_date,
            )
            for r in data.ingredients
        ),
        batch_size=BATCH,
    )
    through = Ingredient.functions.through
    through.objects.bulk_create(
        (
            through(ingredient_id=r.ref, ingredientfunction_id=function_ids[name])
            for r in data.ingredients
            for name in dict.fromkeys(r.functions)
        ),
        batch_size=BATCH,
    )
    AnnexEntry.objects.bulk_create(
        (
            AnnexEntry(
                key=e.key,
                annex=e.annex,
                reference=e.reference,
                chemical_name=e.chemical_name,
                glossary_name=e.glossary_name,
                cas=e.cas,
                ec=e.ec,
                colour=e.colour,
                product_type=e.product_type,
                max_concentration=e.max_concentration,
                max_percent=e.max_percent,
                other=e.other,
                conditions_and_warnings=e.conditions_and_warnings,
                regulation=e.regulation,
                identified_ingredients=e.identified_ingredients,
                update_date=e.update_date,
            )
            for e in data.annex_entries
        ),
        batch_size=BATCH,
    )
    AnnexLink.objects.bulk_create(
        (AnnexLink(entry_id=k, ingredient_id=ref, source=s) for k, ref, s in data.links),
        batch_size=BATCH,
    )
    Synonym.objects.bulk_create(
        (Synonym(name=n, ingredient_id=ref, kind=kind) for n, ref, kind in data.synonyms),
        batch_size=BATCH,
    )
    counts = {}
    for annex, _label in AnnexEntry.ANNEXES:
        counts[f"Annex {annex} entries"] = sum(e.annex == annex for e in data.annex_entries)
    counts.update(
        {
            "ingredients": len(data.ingredients),
            "ingredient functions": len(names),
            "annex links": len(data.links),
            "synonyms": len(data.synonyms),
        }
    )
    return counts


# Version 2: maximum concentrations no longer read from "secondary amine content" or "0 15%".
# Version 3: plant common names and documented label names as synonyms (label_names.py).
DATASETS = [Dataset(name="cosing", files=cosing.FILES, load=load, loader_version="5")]
