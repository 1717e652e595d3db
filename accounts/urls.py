from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("sign-out/confirm/", views.sign_out_confirmed, name="sign-out-confirm"),
    path("session/keep-alive/", views.session_keep_alive, name="keep-alive"),
    path("session/ended/", views.session_ended, name="session-ended"),
]
