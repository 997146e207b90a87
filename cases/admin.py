from django.contrib import admin

from cases.models import CaseCategory, Court, CourtStaff, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ru", "name_kk", "name_en")


@admin.register(CaseCategory)
class CaseCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ru", "name_kk", "name_en", "is_active")


@admin.register(Court)
class CourtAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ru", "level", "region", "parent")
    list_filter = ("level", "region")
    search_fields = ("code", "name_ru", "name_kk", "name_en")
    filter_horizontal = ("specialisations",)


@admin.register(CourtStaff)
class CourtStaffAdmin(admin.ModelAdmin):
    list_display = ("user", "court", "position", "is_active")
    list_filter = ("position", "court__level", "is_active")
    raw_id_fields = ("user",)
    filter_horizontal = ("specialisations",)
