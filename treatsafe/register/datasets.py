"""Not reference data of its own: a step of `treatsafe import-data` that re-checks every listed
product and treatment when the rules or the reference data (CosIng) changed, so stored verdicts
never go stale after an import. Idempotent like every dataset: its fingerprint is that of the
rules and data the verdicts depend on."""

from treatsafe.core.importing import Dataset
from treatsafe.register import recompute

NAME = "register-verdicts"


class VerdictsStep(Dataset):
    def fingerprint(self) -> str:
        from treatsafe.register import verdicts

        return verdicts.fingerprint()


def _recompute(paths, progress) -> dict[str, int]:
    outcome = recompute.recompute_verdicts(force=True)
    return {
        "products re-checked": outcome.products,
        "treatments offered re-checked": outcome.offers,
        "unlawful offers unpublished": outcome.unpublished,
    }


DATASETS = [VerdictsStep(name=NAME, files=[], load=_recompute)]
