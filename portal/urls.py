from django.urls import path
from django.views.generic import TemplateView

import partners.converters  # noqa: F401  (registers <department:…>)
from portal.sitemaps import sitemap_view
from portal.views import health, public, staff

app_name = "portal"

legal_pages = [
    ("accessibilite/", "accessibility"),
    ("mentions-legales/", "legal_notice"),
    ("donnees-personnelles/", "personal_data"),
]

urlpatterns = [
    path("", public.home, name="home"),
    path("sante/", health.health, name="health"),
    path("sante/complet/", health.health_full, name="health_full"),
    path("departements/", public.department_list, name="department_list"),
    path("departements/<department:code>/", public.department_detail, name="department_detail"),
    path("donnees/", public.open_data, name="open_data"),
    path("sitemap.xml", sitemap_view, name="sitemap"),
    path("espace/", staff.workspace_home, name="staff_home"),
    path("espace/<department:code>/", staff.dashboard, name="staff_dashboard"),
    *[
        path(url, TemplateView.as_view(template_name=f"pages/{name}.html"), name=name)
        for url, name in legal_pages
    ],
]
