from django.apps import AppConfig


def listed_prices(slug: str) -> list[float] | None:
    """The lowest listed price of every published, lawful offer of a treatment, for the
    treatment checker's price context (passed down, so treatments never imports register).
    Demo listings are left out: made-up prices must never pass for the market's."""
    from treatsafe.register.models import Offer

    prices = (
        Offer.objects.filter(treatment=slug, is_published=True, is_demo=False)
        .exclude(verdict="unlawful")
        .values_list("price_from", flat=True)
    )
    return [float(p) for p in prices] or None


class RegisterConfig(AppConfig):
    name = "treatsafe.register"
    label = "register"
    verbose_name = "Register"

    def ready(self):
        from treatsafe.treatments.prices import register_price_source

        register_price_source(listed_prices)
