from django.urls import path

from paramount.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.LoginView.as_view(), name="login"),
    path("sign-in/code/", views.otp_verify, name="otp_verify"),
    path("sign-in/set-up/", views.otp_setup, name="otp_setup"),
    path("sign-out/", views.LogoutView.as_view(), name="logout"),
]
