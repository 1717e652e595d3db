from django.urls import path

from accounts import account_views, support_views, two_factor_views, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("sign-out/confirm/", views.sign_out_confirmed, name="sign-out-confirm"),
    # Your own account
    path("account/", account_views.account, name="account"),
    path("account/password/", account_views.change_password, name="change-password"),
    path("account/two-factor/", two_factor_views.give_code, name="two-factor"),
    path("account/two-factor/recovery/", two_factor_views.give_recovery_code,
         name="two-factor-recovery"),
    path("account/two-factor/set-up/", two_factor_views.set_up, name="two-factor-set-up"),
    path("account/two-factor/recovery-codes/", two_factor_views.recovery_codes,
         name="recovery-codes"),
    path("account/two-factor/remove/", two_factor_views.remove, name="two-factor-remove"),
    path("account/sessions/", account_views.sessions, name="sessions"),
    path("account/sessions/end/", account_views.session_end, name="session-end"),
    path("account/sessions/end-others/", account_views.sessions_end_others,
         name="sessions-end-others"),
    # Looking after other people's sign-in
    path("accounts/locked/", support_views.locked, name="locked"),
    path("accounts/locked/unlock/", support_views.unlock, name="unlock"),
    path("accounts/two-factor-reset/", support_views.two_factor_reset,
         name="two-factor-reset"),
    path("session/keep-alive/", views.session_keep_alive, name="keep-alive"),
    path("session/ended/", views.session_ended, name="session-ended"),
]
