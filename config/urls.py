from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView
from django.views.i18n import set_language

from calls import urls as calls_urls
from cooperation import urls as cooperation_urls
from cooperation.sitemaps import sitemaps
from partners import urls as partners_urls
from partners.views import staff as partners_staff

legal_pages = [
    ("accessibilite/", "accessibility"),
    ("mentions-legales/", "legal_notice"),
    ("donnees-personnelles/", "personal_data"),
]

urlpatterns = [
    path("", include(partners_urls.public_urlpatterns)),
    path("", include(cooperation_urls.public_urlpatterns)),
    path("", include(calls_urls.public_urlpatterns)),
    path("compte/", include(partners_urls.account_urlpatterns)),
    path("compte/", include(cooperation_urls.contributor_urlpatterns)),
    path("compte/", include(calls_urls.applicant_urlpatterns)),
    path("compte/", include("allauth.urls")),
    path("espace/", partners_staff.workspace_home, name="staff_home"),
    path("espace/<department:code>/", include(partners_urls.staff_urlpatterns)),
    path("espace/<department:code>/", include(cooperation_urls.staff_urlpatterns)),
    path("espace/<department:code>/", include(calls_urls.staff_urlpatterns)),
    # Without a CSRF token in the language form, every public page can be served from
    # the cache to anonymous visitors; a forged request could only switch the language.
    path("langue/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    *[
        path(url, TemplateView.as_view(template_name=f"pages/{name}.html"), name=name)
        for url, name in legal_pages
    ],
]
