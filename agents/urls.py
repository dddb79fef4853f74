from django.urls import path, re_path

from agents import views, views_approvals, views_audit, views_mfa, views_staff, views_tokens
from agents.avatars import SEED_PATTERN

app_name = "agents"

urlpatterns = [
    re_path(rf"^avatar/(?P<seed>{SEED_PATTERN})\.svg$", views.avatar, name="avatar"),
    path("persona/", views.persona, name="persona"),
    path("reveal/", views.reveal, name="reveal"),
    path("staff/", views_staff.staff, name="staff"),
    path("security/", views_mfa.security, name="security"),
    path("security/qr.svg", views_mfa.security_qr, name="security_qr"),
    path("security/codes/", views_mfa.security_codes, name="security_codes"),
    path("security/remove/", views_mfa.security_remove, name="security_remove"),
    path("security/reset/", views_mfa.security_reset, name="security_reset"),
    path("audit/", views_audit.audit_list, name="audit"),
    path("audit/export.csv", views_audit.audit_export, name="audit_export"),
    path("tokens/", views_tokens.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views_tokens.token_revoke, name="token_revoke"),
    path("sign-out-everywhere/", views_tokens.sign_out_everywhere_view, name="sign_out_everywhere"),
    path("approvals/", views_approvals.approvals, name="approvals"),
    path("approvals/<int:pk>/decide/", views_approvals.approval_decide, name="approval_decide"),
    path("approvals/<int:pk>/withdraw/", views_approvals.approval_withdraw, name="approval_withdraw"),
]
