"""Pages: the payer's invoice, the sandbox gateway's payment page, and the endpoint the
gateway posts its callbacks to."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from judicial_account.payments import access, gateway, services

SANDBOX_DECISIONS = {"paid", "declined"}


@login_required
@require_GET
def invoice_detail(request, public_id):
    invoice = access.invoice_get_for(request.user, public_id)
    return render(
        request,
        "payments/invoice_detail.html",
        {
            "invoice": invoice,
            "payable": invoice.is_payable(),
            "checkout_url": services.invoice_checkout_url(invoice),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sandbox_checkout(request, public_id):
    """The test gateway's payment page. Pressing "Pay" or "Decline" sends the portal the
    signed callback the real gateway would, then returns the payer to the portal."""
    if settings.PAYMENTS_BACKEND != "sandbox":
        raise Http404
    invoice = access.invoice_get_for(request.user, public_id)
    context = {"invoice": invoice, "payable": invoice.is_payable()}
    if request.method == "GET":
        return render(request, "payments/sandbox_checkout.html", context)
    decision = request.POST.get("decision")
    if decision not in SANDBOX_DECISIONS:
        messages.error(request, _("Choose whether to pay or to decline."))
        return render(request, "payments/sandbox_checkout.html", context, status=400)
    if not context["payable"]:
        messages.error(request, _("This invoice can no longer be paid."))
        return redirect("payments:invoice_detail", public_id=invoice.public_id)
    try:
        invoice = services.sandbox_callback_send(invoice=invoice, status=decision)
    except services.PaymentError as error:
        messages.error(request, error.message)
        return redirect("payments:invoice_detail", public_id=invoice.public_id)
    if invoice.status == invoice.Status.PAID:
        messages.success(request, _("The payment was received."))
    else:
        messages.info(request, _("The payment was declined. You can try again."))
    return redirect(invoice.return_path)


@csrf_exempt  # server to server: the gateway signs its callbacks instead
@require_POST
def callback(request):
    """The payment gateway's callback: the raw body, signed in the X-Gateway-Signature
    header. 200 with the invoice's status once applied (or already applied before);
    400 for a forged, unreadable or wrong callback; 409 when it contradicts what the
    portal has recorded. The gateway retries on anything else."""
    try:
        invoice = services.callback_process(
            body=request.body, signature=request.headers.get(gateway.SIGNATURE_HEADER, "")
        )
    except services.PaymentError as error:
        return JsonResponse({"detail": error.message, "code": error.code}, status=error.http_status)
    return JsonResponse({"status": invoice.status})
