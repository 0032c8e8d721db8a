"""The URL configuration (ROOT_URLCONF): the shared addresses, then each registered app's URL module under its prefix.

Imported once every app is ready, so every `register_domain(...)` call has been made.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from qauipsiz.domains import domains
from qauipsiz.system import healthz

from .accounts import views as account_views
from .api import api
from .home import home

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("", home, name="home"),
    path("accounts/", include("qauipsiz.site.accounts.urls")),
    *[path(domain.urls[0], include(domain.urls[1])) for domain in domains() if domain.urls],
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler403 = "qauipsiz.system.permission_denied"
handler404 = "qauipsiz.system.page_not_found"
handler500 = "qauipsiz.system.server_error"
