"""Pages for powers of attorney: give one (sign it), put it in force, revoke it."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cases import access, powers
from cases.models import PowerOfAttorney


class PowerForm(forms.Form):
    representative_iin = forms.CharField(
        label=gettext_lazy("Lawyer's IIN"),
        max_length=12,
        min_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{12}"}),
    )
    case = forms.ChoiceField(label=gettext_lazy("For"), required=False)
    valid_until = forms.DateField(
        label=gettext_lazy("Valid until"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", gettext_lazy("All my cases"))] + [
            (str(c.pk), c.number) for c in cases
        ]


def _my_party_cases(user):
    return access.visible_cases(user).filter(access._party_q(user)).order_by("-registered_at")


@login_required
@require_http_methods(["GET", "POST"])
def power_list(request):
    cases = list(_my_party_cases(request.user)[:200])
    form = PowerForm(request.POST or None, cases=cases)
    if request.method == "POST" and form.is_valid():
        case = next((c for c in cases if str(c.pk) == form.cleaned_data["case"]), None)
        try:
            power = powers.power_draft(
                principal=request.user,
                representative_iin=form.cleaned_data["representative_iin"],
                case=case,
                valid_until=form.cleaned_data["valid_until"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            back = reverse("cases:powers")
            return redirect(
                reverse("pki:signing_detail", args=[power.signing_request.public_id])
                + f"?next={back}"
            )
    context = {
        "form": form,
        "given": PowerOfAttorney.objects.filter(principal=request.user).select_related(
            "representative", "case", "signing_request"
        ),
        "received": PowerOfAttorney.objects.filter(
            representative=request.user, activated_at__isnull=False
        ).select_related("principal", "case"),
        "today": timezone.localdate(),
    }
    return render(request, "cases/powers.html", context)


def _own(request, power_id: int) -> PowerOfAttorney:
    power = PowerOfAttorney.objects.filter(pk=power_id, principal=request.user).first()
    if power is None:
        raise Http404
    return power


@login_required
@require_POST
def power_activate(request, power_id: int):
    try:
        powers.power_activate(power=_own(request, power_id))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The power of attorney is in force."))
    return redirect("cases:powers")


@login_required
@require_POST
def power_revoke(request, power_id: int):
    powers.power_revoke(power=_own(request, power_id))
    messages.info(request, _("The power of attorney is revoked: the lawyer's access has ended."))
    return redirect("cases:powers")
