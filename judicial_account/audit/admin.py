from django.contrib import admin

from judicial_account.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence, nobody edits it through the admin either."""

    list_display = ("id", "at", "action", "actor_iin", "target_type", "target_id", "ip")
    list_filter = ("action",)
    search_fields = ("actor_iin", "target_id")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
