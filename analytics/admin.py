from django.contrib import admin

from analytics.models import QuestionnaireResponse


@admin.register(QuestionnaireResponse)
class QuestionnaireResponseAdmin(admin.ModelAdmin):
    list_display = ("submitted_at", "service", "rating", "court", "language")
    list_filter = ("service", "rating", "language")
