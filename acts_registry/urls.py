from django.urls import path

from acts_registry import views

app_name = "acts"

urlpatterns = [
    path("new/<int:case_id>/", views.act_new, name="new"),
    path("<int:act_id>/", views.act_detail, name="detail"),
    path("<int:act_id>/save", views.act_save, name="save"),
    path("<int:act_id>/sign", views.act_sign, name="sign"),
    path("<int:act_id>/issue", views.act_issue, name="issue"),
    path("<int:act_id>/pdf", views.act_pdf, name="pdf"),
    path("<int:act_id>/writ", views.writ_request, name="writ_request"),
    path("writs/<int:writ_id>/decide", views.writ_decide, name="writ_decide"),
]
