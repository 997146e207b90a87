from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cases.models import Court
from filings import letters
from filings.models import LetterStatus


class LetterForm(forms.Form):
    court = forms.ModelChoiceField(label=gettext_lazy("Court"), queryset=Court.objects.all())
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=255)
    body = forms.CharField(
        label=gettext_lazy("Letter"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 8})
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=gettext_lazy("Reply"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 6})
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter_list(request):
    form = LetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            letter = letters.letter_send(author=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your letter is sent to the court."))
            return redirect("filings:letter", public_id=letter.public_id)
    visible = letters.letters_visible(request.user).select_related("court", "author")[:100]
    return render(request, "filings/letters.html", {"form": form, "letters": visible})


def _letter_for(request, public_id):
    letter = (
        letters.letters_visible(request.user)
        .select_related("court", "author")
        .filter(public_id=public_id)
        .first()
    )
    if letter is None:
        raise Http404
    return letter


@login_required
def letter_detail(request, public_id):
    letter = _letter_for(request, public_id)
    is_staff = letters.letter_is_staff_of(request.user, letter)
    reply_form = ReplyForm() if is_staff and letter.status == LetterStatus.SENT else None
    return render(request, "filings/letter.html", {"letter": letter, "reply_form": reply_form})


@login_required
@require_POST
def letter_reply(request, public_id):
    letter = _letter_for(request, public_id)
    if not letters.letter_is_staff_of(request.user, letter):
        raise Http404
    form = ReplyForm(request.POST)
    if form.is_valid():
        letters.letter_reply(letter=letter, staff=request.user, reply=form.cleaned_data["reply"])
        messages.success(request, _("The reply is sent."))
    else:
        messages.error(request, _("Write the reply."))
    return redirect("filings:letter", public_id=letter.public_id)
