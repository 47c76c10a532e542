from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

# Each app lists its own addresses, under its namespace (``portal:home``,
# ``cooperation:project_detail``…): public pages, then /compte/…, then /espace/<code>/….
urlpatterns = [
    path("", include("portal.urls")),
    path("", include("partners.urls")),
    path("", include("cooperation.urls")),
    path("", include("calls.urls")),
    path("compte/", include("allauth.urls")),
    # Without a CSRF token in the language form, every public page can be served from
    # the cache to anonymous visitors; a forged request could only switch the language.
    path("langue/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
