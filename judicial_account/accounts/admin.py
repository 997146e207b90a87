from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from judicial_account.accounts.models import EntityOfficer, LegalEntity, User
from judicial_account.accounts.services import client_ip
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record


class AuditedViewMixin:
    """Opening a person's record in the admin is a view of personal data: log it."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = self.get_object(request, object_id)
            if obj is not None:
                audit_record(
                    request.user,
                    AuditAction.PERSONAL_DATA_VIEWED,
                    target=obj,
                    ip=client_ip(request),
                    details={"via": "admin"},
                )
        return response


@admin.register(User)
class UserAdmin(AuditedViewMixin, DjangoUserAdmin):
    ordering = ("last_name", "first_name")
    list_display = ("iin", "last_name", "first_name", "role", "is_active", "locked_until")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("iin", "last_name", "first_name")
    readonly_fields = ("failed_logins", "date_joined", "last_login")
    fieldsets = (
        (None, {"fields": ("iin", "password")}),
        (
            _("Person"),
            {"fields": ("last_name", "first_name", "middle_name", "email", "phone", "language")},
        ),
        (_("Role"), {"fields": ("role", "licence_number")}),
        (
            _("Access"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "failed_logins",
                    "locked_until",
                    "last_login",
                    "date_joined",
                )
            },
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("iin", "last_name", "first_name", "role", "password1", "password2"),
            },
        ),
    )


class OfficerInline(admin.TabularInline):
    model = EntityOfficer
    raw_id_fields = ("user",)
    extra = 0


@admin.register(LegalEntity)
class LegalEntityAdmin(admin.ModelAdmin):
    list_display = ("bin", "name", "registered_on")
    search_fields = ("bin", "name")
    inlines = [OfficerInline]
