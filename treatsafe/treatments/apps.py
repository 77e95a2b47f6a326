from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "treatsafe.treatments"
    label = "treatments"
    verbose_name = "Treatments"

    def ready(self):
        # Load and validate the rule files now, so a malformed rule stops start-up with a
        # message naming it instead of failing on the first check a person makes.
        from treatsafe.treatments.adverts.lexicon import lexicon
        from treatsafe.treatments.rules import get_ruleset

        get_ruleset()
        lexicon()  # the advert checker's words: a malformed pattern fails here, not on a check
