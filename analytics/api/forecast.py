"""API: forecast."""

urlpatterns: list = []
