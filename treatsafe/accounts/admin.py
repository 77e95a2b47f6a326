from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from treatsafe.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts in the back office, found by email. Only admins (superusers) get permissions on
    this model: assessors work on the register, not on accounts."""

    list_display = ("email", "full_name", "is_active", "email_verified_at", "is_staff")
    list_filter = ("is_active", "is_staff", "is_superuser", "groups")
    search_fields = ("email", "full_name", "username")
    ordering = ("email",)
    readonly_fields = ("email_verified_at", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "username", "password")}),
        ("Personal details", {"fields": ("full_name", "first_name", "last_name")}),
        (
            "Access",
            {"fields": ("is_active", "email_verified_at", "is_staff", "is_superuser", "groups")},
        ),
        ("Individual permissions", {"fields": ("user_permissions",)}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "username", "password1", "password2")}),
    )
