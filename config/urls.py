from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from agents.views_mfa import login_verify
from config import views, views_locale
from config.headers import csp_inline_styles
from tickets.public import views as public_views
from tickets.satisfaction import views as satisfaction_views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("login/verify/", login_verify, name="login_verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.health, name="health"),
    path("preferences/", views_locale.preferences, name="preferences"),
    path("preferences/language/", views_locale.language_switch, name="set_language"),
    path("inbox/", include("tickets.urls_staff")),
    path("portal/", include("tickets.urls_portal")),
    path("gate/", include("redaction.urls")),
    path("team/", include("agents.urls")),
    path("leads/", include("escalation.urls")),
    path("mail/", include("mailroom.urls")),
    path("webhooks/", include("tickets.webhooks.urls")),
    path("p/<str:reference>/", public_views.public_thread, name="public_thread"),
    path("channels/public/inbound/<slug:source>/", public_views.inbound, name="public_inbound"),
    path("rate/<str:token>/", satisfaction_views.survey_rate_view, name="survey_rate"),
    path("sla/", include("tickets.sla.urls")),
    path("api/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file, so the page needs no inline script (only inline styles).
    path("api/docs/", csp_inline_styles(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
