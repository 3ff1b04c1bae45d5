from django.contrib import admin

from .models import ComplianceCheck, Location, Service, ServiceStandard, StandardRequirement


class RequirementInline(admin.TabularInline):
    model = StandardRequirement
    extra = 0


@admin.register(ServiceStandard)
class ServiceStandardAdmin(admin.ModelAdmin):
    list_display = ("name", "category")
    inlines = (RequirementInline,)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "provider", "category", "status", "capacity_places", "places_taken")
    list_filter = ("status", "category")
    search_fields = ("name", "provider__name")
    readonly_fields = ("places_taken",)


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "organisation")
    search_fields = ("name", "city")


@admin.register(ComplianceCheck)
class ComplianceCheckAdmin(admin.ModelAdmin):
    list_display = ("service", "requirement", "is_met", "checked_on")
