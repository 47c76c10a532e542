"""The ledger of outgoing e-mails in the admin, read-only: which mail went, which is still
being retried (``attempts``, ``last_error``), which was given up (``failed_at``; its task
is FAILED in « Task results », with the traceback)."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from common.models import OutgoingEmail


class _GivenUp(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, Any]]:
        return [("sent", _("sent")), ("pending", _("pending")), ("failed", _("given up"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        match self.value():
            case "sent":
                return queryset.filter(sent_at__isnull=False)
            case "pending":
                return queryset.filter(sent_at__isnull=True, failed_at__isnull=True)
            case "failed":
                return queryset.filter(failed_at__isnull=False)
        return queryset


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "attempts", "sent_at", "failed_at"]
    list_filter = [_GivenUp]
    search_fields = ["to", "subject", "message_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
