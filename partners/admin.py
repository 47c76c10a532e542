from urllib.parse import urlencode

from allauth.account.utils import get_next_redirect_url
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from partners.models import (
    Department,
    DepartmentInvitation,
    DepartmentMembership,
    Organisation,
    PartnerTerritory,
    StructureMembership,
    Theme,
    User,
)
from partners.security_log import admin_request_logged


def _superusers_only(request: HttpRequest) -> bool:
    # The admin is the platform operators' tool; department staff work in /espace/.
    allowed = request.user.is_active and request.user.is_superuser
    return admin_request_logged(request, allowed=allowed)  # the security log


# The default site, narrowed in place (its own AdminSite class would need the settings).
admin.site.has_permission = _superusers_only  # type: ignore[method-assign]


def _login_through_allauth(
    request: HttpRequest, extra_context: object = None
) -> HttpResponseRedirect:
    """The admin's login page, replaced: its own form checks the password alone, with no
    rate limit and no second factor. Visitors go to the portal's login (allauth: rate
    limits, TOTP) and come back; a signed-in user without the rights is refused, and the
    admin's password form is never served."""
    next_url = get_next_redirect_url(request) or reverse("admin:index")
    if request.user.is_authenticated:
        if not _superusers_only(request):
            raise PermissionDenied
        return HttpResponseRedirect(next_url)
    login_url = resolve_url(settings.LOGIN_URL)
    return HttpResponseRedirect(f"{login_url}?{urlencode({'next': next_url})}")


admin.site.login = _login_through_allauth  # type: ignore[method-assign]
admin.site.site_header = _("ESS Cooperations – platform administration")
admin.site.site_title = _("ESS Cooperations")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_superuser", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "region_name"]
    search_fields = ["code", "name"]


@admin.register(DepartmentMembership)
class DepartmentMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "department", "role"]
    list_filter = ["role", "department"]
    autocomplete_fields = ["user", "department"]


@admin.register(DepartmentInvitation)
class DepartmentInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "department", "role", "created_at", "accepted_at", "accepted_by"]
    exclude = ["token"]


@admin.register(PartnerTerritory)
class PartnerTerritoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "department", "status"]
    list_filter = ["kind", "status", "legal_form"]
    search_fields = ["name", "siren", "rna"]
    readonly_fields = ["version", "validated_at", "validated_by", "created_by"]
    autocomplete_fields = ["department"]


@admin.register(StructureMembership)
class StructureMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "status"]
    list_filter = ["role", "status"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_en", "position"]
