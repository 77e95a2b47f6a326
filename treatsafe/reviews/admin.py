"""Reviews are moderated on the assessors' pages (audited), not in the Django admin; the admin
only lists them, read-only."""

from django.contrib import admin

from treatsafe.reviews.models import Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("pk", "practitioner", "rating", "status", "created_at", "is_demo")
    list_filter = ("status", "is_demo")
    fields = ("practitioner", "treatment", "treated_on", "rating", "text", "status", "reply")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
