"""API: register."""

urlpatterns: list = []
