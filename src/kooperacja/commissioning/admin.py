"""Admin: the social-clause template library (administrators edit it) and read-only reference lists.

Offers are deliberately NOT registered: their content is sealed until the deadline for everyone, administrators
included, and is read only through the app's selectors."""

from __future__ import annotations

from typing import ClassVar

from django.contrib import admin

from .models import CallClause, ClauseTemplate, Lot, ServicePackage


@admin.register(ClauseTemplate)
class ClauseTemplateAdmin(admin.ModelAdmin):
    list_display: ClassVar = ["title", "kind", "basis", "is_active", "updated_at"]
    list_filter: ClassVar = ["kind", "is_active"]
    search_fields: ClassVar = ["title", "body"]


@admin.register(CallClause)
class CallClauseAdmin(admin.ModelAdmin):
    list_display: ClassVar = ["call", "kind", "created_at"]
    list_filter: ClassVar = ["kind"]
    readonly_fields: ClassVar = ["call", "template", "kind", "parameters", "text", "created_by"]


class LotInline(admin.TabularInline):
    model = Lot
    extra = 0
    fields: ClassVar = ["number", "name", "sector", "budget"]


@admin.register(ServicePackage)
class ServicePackageAdmin(admin.ModelAdmin):
    list_display: ClassVar = ["name", "municipality", "year"]
    inlines: ClassVar = [LotInline]
