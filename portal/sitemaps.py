"""sitemap.xml: the public pages search engines should know (published content only).

Addresses are built on ``settings.SITE_URL`` (the portal's official address), whatever
host the request came through.
"""

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from cooperation.models import CooperationProject, SustainableDevelopmentGoal
from partners.models import (
    Department,
    Organisation,
    OrganisationKind,
    PartnerTerritory,
    PublicationStatus,
)


class PortalSitemap(Sitemap):
    limit = 5000

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site: Any = None) -> str:
        return urlsplit(settings.SITE_URL).netloc or super().get_domain(site)


class StaticPagesSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return [
            "portal:home",
            "cooperation:project_list",
            "cooperation:map",
            "cooperation:sdg_list",
            "partners:structure_list",
            "portal:department_list",
            "portal:open_data",
            "portal:accessibility",
            "portal:legal_notice",
            "portal:personal_data",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class ProjectSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[CooperationProject]:
        return (
            CooperationProject.objects.filter(is_public=True)
            .only("slug", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, project: CooperationProject) -> datetime:
        return project.updated_at


class StructureSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Organisation]:
        return (
            Organisation.objects.filter(
                kind=OrganisationKind.ESS_STRUCTURE, status=PublicationStatus.PUBLISHED
            )
            .only("slug", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, structure: Organisation) -> datetime:
        return structure.updated_at


class DepartmentSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Department]:
        return Department.objects.only("code").order_by("code")


class TerritorySitemap(PortalSitemap):
    """Territories with at least one public project."""

    changefreq = "monthly"

    def items(self) -> QuerySet[PartnerTerritory]:
        return (
            PartnerTerritory.objects.filter(
                pk__in=CooperationProject.territories.through.objects.filter(
                    cooperationproject__is_public=True
                ).values("partnerterritory_id")
            )
            .only("slug")
            .order_by("pk")
        )

    def location(self, territory: PartnerTerritory) -> str:
        return reverse("cooperation:territory_detail", kwargs={"slug": territory.slug})


class SdgSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[SustainableDevelopmentGoal]:
        return SustainableDevelopmentGoal.objects.only("number").order_by("number")

    def location(self, goal: SustainableDevelopmentGoal) -> str:
        return reverse("cooperation:sdg_detail", kwargs={"number": goal.number})


sitemaps: dict[str, type[Sitemap] | Sitemap] = {
    "pages": StaticPagesSitemap,
    "projects": ProjectSitemap,
    "structures": StructureSitemap,
    "departments": DepartmentSitemap,
    "territories": TerritorySitemap,
    "sdgs": SdgSitemap,
}


def sitemap_view(request: HttpRequest) -> HttpResponse:
    return sitemap(request, sitemaps=sitemaps)
