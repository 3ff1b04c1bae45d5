from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "legal_form", "territory", "nip", "krs", "is_pes", "is_verified")
    list_filter = ("legal_form", "is_pes", "is_verified")
    search_fields = ("name", "short_name", "nip", "krs", "regon")
    autocomplete_fields = ("territory",)
    readonly_fields = ("verified_at", "verified_by")


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "organisation", "role", "is_admin", "status")
    list_filter = ("role", "status", "is_admin")
    search_fields = ("user__email", "user__full_name", "organisation__name")
    autocomplete_fields = ("user", "organisation")
