"""API: situation."""

urlpatterns: list = []
