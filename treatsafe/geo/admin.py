from django.contrib import admin

from treatsafe.geo.models import (
    LocalAuthority,
    PlaceName,
    PostcodeArea,
    PostcodeDistrict,
    UnitPostcode,
)


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "jurisdiction", "countries"]
    list_filter = ["jurisdiction"]
    search_fields = ["code", "name"]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["gss_code", "name", "area_type", "country"]
    list_filter = ["country", "area_type"]
    search_fields = ["gss_code", "name"]


@admin.register(PostcodeDistrict)
class PostcodeDistrictAdmin(admin.ModelAdmin):
    list_display = ["district", "post_town", "nation", "cross_border", "source", "terminated"]
    list_filter = ["source", "cross_border", "nation", "non_geographic", "terminated"]
    search_fields = ["district", "post_town"]


@admin.register(UnitPostcode)
class UnitPostcodeAdmin(admin.ModelAdmin):
    list_display = ["postcode", "nation", "local_authority_code", "latitude", "longitude"]
    list_filter = ["nation"]
    search_fields = ["postcode"]
    show_full_result_count = False


@admin.register(PlaceName)
class PlaceNameAdmin(admin.ModelAdmin):
    list_display = ["name", "district"]
    search_fields = ["key", "name"]
    raw_id_fields = ["district"]
