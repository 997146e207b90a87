from django.urls import path

from analytics import planner_views

urlpatterns = [path("planner/", planner_views.planner, name="planner")]
