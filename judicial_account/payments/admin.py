from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from judicial_account.payments.models import GatewayCallback, Invoice


class ReadOnlyAdmin(admin.ModelAdmin):
    """Invoices change only through the gateway's callbacks, and the callback log is
    evidence: nobody edits either through the admin."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CallbackInline(admin.TabularInline):
    model = GatewayCallback
    fields = ("received_at", "outcome", "signature_valid")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "payer", "purpose", "amount", "status", "created_at", "paid_at")
    list_filter = ("status", "purpose")
    search_fields = ("public_id", "payer__iin", "gateway_reference", "target_id")
    list_select_related = ("payer",)
    inlines = [CallbackInline]


@admin.register(GatewayCallback)
class GatewayCallbackAdmin(ReadOnlyAdmin):
    list_display = ("id", "received_at", "outcome", "signature_valid", "invoice")
    list_filter = ("outcome", "signature_valid")
    list_select_related = ("invoice",)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*(name for name in fields if name != "body"), "body_text"]

    @admin.display(description=_("raw body"))
    def body_text(self, obj) -> str:
        return bytes(obj.body).decode("utf-8", errors="replace")
