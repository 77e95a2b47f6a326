from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "treatsafe.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from treatsafe.notifications import receivers
        from treatsafe.register.extensions import add_listing_links

        receivers.connect()
        add_listing_links(receivers.listing_links)
