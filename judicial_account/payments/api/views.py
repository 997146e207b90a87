from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from judicial_account.payments import access, services


class InvoiceDetailApi(APIView):
    """One of the caller's invoices: its status and, while it can be paid, where to pay."""

    class OutputSerializer(serializers.Serializer):
        public_id = serializers.UUIDField()
        status = serializers.CharField()
        amount = serializers.DecimalField(max_digits=14, decimal_places=2)
        currency = serializers.CharField()
        purpose = serializers.CharField()
        description = serializers.CharField()
        created_at = serializers.DateTimeField()
        expires_at = serializers.DateTimeField()
        paid_at = serializers.DateTimeField(allow_null=True)
        checkout_url = serializers.CharField(allow_null=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request, public_id):
        invoice = access.invoice_get_for(request.user, public_id)
        checkout_url = services.invoice_checkout_url(invoice) if invoice.is_payable() else None
        return Response(
            self.OutputSerializer(
                {
                    "public_id": invoice.public_id,
                    "status": invoice.status,
                    "amount": invoice.amount,
                    "currency": invoice.currency,
                    "purpose": invoice.purpose,
                    "description": invoice.description,
                    "created_at": invoice.created_at,
                    "expires_at": invoice.expires_at,
                    "paid_at": invoice.paid_at,
                    "checkout_url": checkout_url,
                }
            ).data
        )
