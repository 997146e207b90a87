from django import forms
from django.utils.translation import gettext_lazy as _


class SigningUploadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    file = forms.FileField(
        label=_("Document"),
        help_text=_("Any file up to 20 MB: PDF, DOCX, an image, ..."),
    )
