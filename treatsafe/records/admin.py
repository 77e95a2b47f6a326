"""Back office for records. Treatment records and complication reports are deliberately not in
the Django admin: they are health records, seen only through the audited pages (the
practitioner's own, the patient's, an assessor handling a report). Tokens show no secret."""

from django.contrib import admin

from treatsafe.records.models import ApiToken, BatchConcern


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at")
    exclude = ("digest",)
    search_fields = ("name", "prefix", "user__email")

    def has_add_permission(self, request):
        return False


@admin.register(BatchConcern)
class BatchConcernAdmin(admin.ModelAdmin):
    list_display = ("product_name", "manufacturer", "batch", "created_at")
    readonly_fields = ("product_name", "manufacturer", "batch", "reason", "assessor", "created_at")

    def has_add_permission(self, request):
        return False
