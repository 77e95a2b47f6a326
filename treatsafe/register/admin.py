"""The register in the Django admin: read-only views for assessors and admins. Every change goes
through the register's own pages and services, so each one is checked and audited; the audit log
in particular can be read by no one but never added to, changed or deleted here."""

from django.contrib import admin

from treatsafe.register.models import (
    Assessment,
    AuditEntry,
    Clinic,
    Offer,
    Practitioner,
    Product,
    Report,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Practitioner)
class PractitionerAdmin(ReadOnlyAdmin):
    list_display = ("id", "name", "profession", "status", "accredited_until", "is_demo")
    list_filter = ("status", "profession", "is_demo")
    search_fields = ("name", "registration_number")


@admin.register(Clinic)
class ClinicAdmin(ReadOnlyAdmin):
    list_display = ("id", "name", "postcode", "nation", "local_authority", "is_demo")
    list_filter = ("nation", "is_demo")
    search_fields = ("name", "postcode")


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ("id", "practitioner", "treatment", "verdict", "is_published", "is_demo")
    list_filter = ("treatment", "verdict", "is_published", "is_demo")
    list_select_related = ("practitioner",)


@admin.register(Product)
class ProductAdmin(ReadOnlyAdmin):
    list_display = ("id", "name", "manufacturer", "source", "route", "label_verdict")
    list_filter = ("source", "route", "regulatory_status", "label_verdict")


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("practitioner", "standard", "finding", "assessor", "assessed_at")
    list_filter = ("standard", "finding")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("id", "practitioner", "status", "created_at")
    list_filter = ("status",)

    def get_queryset(self, request):
        # Nobody reads the public's reports about their own listing, in the admin either.
        return super().get_queryset(request).exclude(practitioner__user_id=request.user.pk)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "actor", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("actor", "object_id")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def get_actions(self, request):
        return {}  # not even the bulk "delete selected"
