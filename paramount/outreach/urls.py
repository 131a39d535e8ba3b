from django.urls import path

from paramount.outreach import views

app_name = "outreach"

urlpatterns = [
    path("families/<int:family_id>/assign/", views.assign, name="assign"),
    path("families/<int:family_id>/contact/", views.contact, name="contact"),
    path("families/<int:family_id>/referral/", views.referral, name="referral"),
    path("families/<int:family_id>/disclosure/", views.disclosure, name="disclosure"),
    path("consents/<int:consent_id>/withdraw/", views.withdraw_consent, name="withdraw_consent"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral_detail"),
]
