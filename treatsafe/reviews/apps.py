from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "treatsafe.reviews"
    label = "reviews"
    verbose_name = "Verified reviews"

    def ready(self):
        from treatsafe.records import extensions as record_extensions
        from treatsafe.register import extensions
        from treatsafe.reviews import demo, sections, services

        extensions.add_once(extensions.LISTING_SECTIONS, sections.listing_section)
        extensions.add_once(extensions.EXPORT_SECTIONS, ("reviews", services.export_rows))
        extensions.add_once(extensions.DEMO_HOOKS, demo.generate)
        extensions.add_once(extensions.DEMO_REMOVERS, demo.remove)
        extensions.add_once(extensions.LINKS["assessor"], ("Reviews to moderate", "reviews:queue"))
        record_extensions.add_once(record_extensions.RECORD_SECTIONS, sections.record_section)
