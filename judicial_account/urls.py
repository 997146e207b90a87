from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from cases import views as case_views
from judicial_account.core import views as core_views

api_v1 = [
    path("", include("judicial_account.accounts.api.urls")),
    path("", include("cases.api.urls")),
    path("", include("filings.api.urls")),
    path("", include("hearings.api.urls")),
    path("", include("acts_registry.api.urls")),
    path("analytics/", include("analytics.api.urls")),
    path("payments/", include("judicial_account.payments.api_urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("language/", core_views.language_set, name="language_set"),
    path("accounts/", include("judicial_account.accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("pki/", include("judicial_account.pki.urls")),
    path("payments/", include("judicial_account.payments.urls")),
    path("questionnaire/", include("analytics.urls")),
    path("analytics/", include("analytics.web_urls")),
    path("cases/", include("cases.urls")),
    path("filings/", include("filings.urls")),
    path("hearings/", include("hearings.urls")),
    path("find-case/", case_views.find_case, name="find_case"),
    path("acts/", include("acts_registry.urls")),
    path("register/", include("acts_registry.register_urls")),
    path("verify/", include("acts_registry.verify_urls")),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler400 = "judicial_account.core.views.error_400"
handler403 = "judicial_account.core.views.error_403"
handler404 = "judicial_account.core.views.error_404"
handler500 = "judicial_account.core.views.error_500"
