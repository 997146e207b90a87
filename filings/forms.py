from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import CaseCategory, Court, CourtLevel, PartyRole


class CourtForm(forms.Form):
    court = forms.ModelChoiceField(
        label=_("Court"),
        queryset=Court.objects.filter(level=CourtLevel.DISTRICT)
        .select_related("region")
        .order_by("region__name_ru", "name_ru"),
        help_text=_(
            "A claim goes to the district court where the defendant lives or is "
            "registered, unless the law or your contract says otherwise."
        ),
    )
    category = forms.ModelChoiceField(
        label=_("Category of the case"), queryset=CaseCategory.objects.filter(is_active=True)
    )
    simplified = forms.BooleanField(
        label=_("Ask for simplified (written) proceedings"),
        required=False,
        help_text=_("For undisputed money claims: decided on the documents, without a hearing."),
    )


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PartyRole.choices)
    identifier = forms.CharField(
        label=_("IIN or BIN"),
        max_length=12,
        min_length=12,
        help_text=_("12 digits. The name is filled in from the state registry."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{12}"}),
    )
    kind = forms.ChoiceField(
        label=_("It is"),
        choices=[("iin", _("a person (IIN)")), ("bin", _("an organisation (BIN)"))],
        widget=forms.RadioSelect,
        initial="iin",
    )
    name = forms.CharField(
        label=_("Name (only if the registry does not know the number)"),
        required=False,
        max_length=255,
    )
    address = forms.CharField(label=_("Address for court notices"), required=False, max_length=255)


class ClaimForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject of the claim"),
        max_length=500,
        help_text=_("What you ask the court for, in one sentence."),
    )
    amount = forms.DecimalField(
        label=_("Amount claimed, KZT"),
        required=False,
        max_digits=16,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text=_("Leave empty for a claim without an amount (non-property)."),
    )
    text = forms.CharField(
        label=_("Text of the claim"), max_length=100_000, widget=forms.Textarea(attrs={"rows": 12})
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, JPEG, PNG or DOCX, up to 20 MB each.")
    )
