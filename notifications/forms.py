from django import forms
from django.utils.translation import gettext_lazy as _

from judicial_account.accounts.models import Language


class PreferenceForm(forms.Form):
    sms = forms.BooleanField(label=_("By SMS to my registered number"), required=False)
    email = forms.BooleanField(label=_("By e-mail"), required=False)
    digest = forms.BooleanField(
        label=_("A daily e-mail with the other notices I have not read"), required=False
    )
    language = forms.ChoiceField(label=_("Language of notices"), choices=Language)
