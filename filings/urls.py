from django.urls import path

from filings import letter_views, views

app_name = "filings"
urlpatterns = [
    path("", views.filing_list, name="list"),
    path("letters/", letter_views.letter_list, name="letters"),
    path("letters/<uuid:public_id>/", letter_views.letter_detail, name="letter"),
    path("letters/<uuid:public_id>/reply", letter_views.letter_reply, name="letter_reply"),
    path("new/", views.filing_new, name="new"),
    path("new/in-case/<int:case_id>/", views.filing_new_in_case, name="new_in_case"),
    path("new/against-act/<int:act_id>/", views.filing_new_review, name="new_review"),
    path("<uuid:public_id>/", views.filing_detail, name="detail"),
    path("<uuid:public_id>/court", views.filing_court, name="court"),
    path("<uuid:public_id>/parties", views.filing_party_add, name="party_add"),
    path(
        "<uuid:public_id>/parties/<int:party_id>/remove",
        views.filing_party_remove,
        name="party_remove",
    ),
    path("<uuid:public_id>/claim", views.filing_claim, name="claim"),
    path("<uuid:public_id>/attachments", views.filing_attachment_add, name="attachment_add"),
    path(
        "<uuid:public_id>/attachments/<int:attachment_id>/remove",
        views.filing_attachment_remove,
        name="attachment_remove",
    ),
    path("<uuid:public_id>/sign", views.filing_sign, name="sign"),
    path("<uuid:public_id>/submit", views.filing_submit, name="submit"),
]
