from django.urls import path

from analytics import situation_views

urlpatterns = [path("situation/", situation_views.situation, name="situation")]
