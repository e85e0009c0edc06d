from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.account, name="account"),
    path("email/", views.account_email, name="account_email"),
    path("password/", views.PasswordChangeView.as_view(), name="account_password"),
    path("delete/", views.account_delete, name="account_delete"),
    # Public: for consultants who cannot log in.
    path("reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("reset/done/", views.password_reset_complete, name="password_reset_complete"),
]
