from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "treatsafe.records"
    label = "records"
    verbose_name = "Treatment records"

    def ready(self):
        from treatsafe.records import complications, demo, recall
        from treatsafe.register import extensions
        from treatsafe.register.signals import products_became_unlawful

        products_became_unlawful.connect(recall.on_products_unlawful, dispatch_uid="records")
        extensions.add_once(extensions.LISTING_SECTIONS, complications.listing_section)
        extensions.add_once(extensions.DEMO_HOOKS, demo.generate)
        extensions.add_once(extensions.DEMO_REMOVERS, demo.remove)
        extensions.add_once(
            extensions.LINKS["assessor"], ("Complication reports", "records:assess_queue")
        )
        extensions.add_once(
            extensions.LINKS["assessor"], ("Mark a batch as a concern", "records:assess_batch")
        )
        extensions.add_once(
            extensions.LINKS["practitioner"], ("Your treatment records", "records:mine")
        )
