from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from calls.models import (
    Application,
    ApplicationEvent,
    Call,
    CommitteeSession,
    Criterion,
    Grant,
    RequiredDocument,
)


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = ["title", "department", "kind", "state", "opens_at", "closes_at"]
    list_filter = ["state", "kind", "department"]
    search_fields = ["title", "slug"]
    inlines = [RequiredDocumentInline, CriterionInline]


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    readonly_fields = ["from_state", "to_state", "actor", "at", "reason", "amount"]
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "call", "applicant", "state", "requested_amount"]
    list_filter = ["state", "call__department"]
    search_fields = ["reference", "title", "applicant__email"]
    raw_id_fields = ["applicant", "carrier_structure"]
    inlines = [ApplicationEventInline]


@admin.register(CommitteeSession)
class CommitteeSessionAdmin(SimpleHistoryAdmin):
    list_display = ["call", "date", "state"]


@admin.register(Grant)
class GrantAdmin(SimpleHistoryAdmin):
    list_display = ["application", "amount", "created_at"]
