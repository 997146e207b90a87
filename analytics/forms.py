from django import forms
from django.utils.translation import gettext_lazy as _

from analytics.models import EvaluatedService
from cases.models import Court


class QuestionnaireForm(forms.Form):
    court = forms.ModelChoiceField(
        label=_("Court (optional)"), queryset=Court.objects.all(), required=False
    )
    service = forms.ChoiceField(label=_("What are you rating?"), choices=EvaluatedService)
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        coerce=int,
        choices=[(5, _("5 — excellent")), (4, "4"), (3, "3"), (2, "2"), (1, _("1 — very bad"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("What should be improved? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
