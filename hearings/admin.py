from django.contrib import admin

from hearings.models import Courtroom


@admin.register(Courtroom)
class CourtroomAdmin(admin.ModelAdmin):
    list_display = ("court", "number", "capacity", "has_video_conference", "is_active")
    list_filter = ("court__level", "has_video_conference", "is_active")
