from django.contrib import admin

from cooperation.models import SdgTarget, SustainableDevelopmentGoal


class SdgTargetInline(admin.TabularInline):
    model = SdgTarget
    extra = 0


@admin.register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(admin.ModelAdmin):
    list_display = ["number", "short_title_fr", "short_title_en", "color"]
    inlines = [SdgTargetInline]
