from django.contrib import admin

from .models import AccessLog, AuditEvent, Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "gmina_type", "latitude", "longitude")
    list_filter = ("kind", "gmina_type")
    search_fields = ("code", "name")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "actor", "verb", "target_type", "target_id")
    list_filter = ("verb",)


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "user_label", "action", "target_type", "target_id", "part", "purpose")
    list_filter = ("action", "target_type")
