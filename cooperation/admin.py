from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cooperation.models import (
    CooperationProject,
    Delegation,
    Indicator,
    Measurement,
    ProjectContributor,
    ProjectPartner,
    SdgTarget,
    SustainableDevelopmentGoal,
)


class SdgTargetInline(admin.TabularInline):
    model = SdgTarget
    extra = 0


@admin.register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(admin.ModelAdmin):
    list_display = ["number", "short_title_fr", "short_title_en", "color"]
    inlines = [SdgTargetInline]


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(CooperationProject)
class CooperationProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "department", "kind", "status", "is_public"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["title", "slug"]
    readonly_fields = ["version", "published_at"]
    inlines = [ProjectPartnerInline]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["title", "project", "measure_type", "cumulative"]
    search_fields = ["title", "project__title"]


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period_start", "period_end", "value", "status"]
    list_filter = ["status"]


@admin.register(ProjectContributor)
class ProjectContributorAdmin(SimpleHistoryAdmin):
    list_display = ["user", "project", "role"]


@admin.register(Delegation)
class DelegationAdmin(SimpleHistoryAdmin):
    list_display = ["origin", "department", "arrival_date", "departure_date"]
