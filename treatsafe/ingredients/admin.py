"""Read-only admin views of the CosIng tables (they are replaced by `treatsafe import-data`)."""

from django.contrib import admin

from treatsafe.ingredients.models import AnnexEntry, Ingredient, Synonym


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Ingredient)
class IngredientAdmin(ReadOnlyAdmin):
    list_display = ["cosing_ref", "inci_name", "restriction_text", "update_date"]
    search_fields = ["inci_name", "cas_numbers", "=cosing_ref"]


@admin.register(AnnexEntry)
class AnnexEntryAdmin(ReadOnlyAdmin):
    list_display = ["key", "annex", "reference", "chemical_name", "regulation"]
    list_filter = ["annex"]
    search_fields = ["reference", "chemical_name", "identified_ingredients"]


@admin.register(Synonym)
class SynonymAdmin(ReadOnlyAdmin):
    list_display = ["name", "ingredient", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
