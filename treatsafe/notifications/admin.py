from django.contrib import admin

from treatsafe.notifications.models import ExpiryReminder, Watch


@admin.register(Watch)
class WatchAdmin(admin.ModelAdmin):
    list_display = ("practitioner", "email", "created_at", "confirmed_at")
    search_fields = ("email",)
    readonly_fields = ("token",)


@admin.register(ExpiryReminder)
class ExpiryReminderAdmin(admin.ModelAdmin):
    list_display = ("practitioner", "accredited_until", "sent_at")
