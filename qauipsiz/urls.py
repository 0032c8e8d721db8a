from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from qauipsiz.accounts import views as account_views
from qauipsiz.api import api
from qauipsiz.core import views as core_views
from qauipsiz.system import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("", core_views.home, name="home"),
    path("accounts/", include("qauipsiz.accounts.urls")),
    path("register/", include("qauipsiz.core.urls")),
    path("permits/", include("qauipsiz.permits.urls")),
    path("notices/", include("qauipsiz.notifications.urls")),
    path("ledger/", include("qauipsiz.ledger.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler403 = "qauipsiz.system.permission_denied"
handler404 = "qauipsiz.system.page_not_found"
handler500 = "qauipsiz.system.server_error"
