from django.urls import include, path

import partners.converters  # noqa: F401  (registers <department:…> and <token:…>)
from partners.views import account, public, revisions, staff

app_name = "partners"

public_urlpatterns = [
    path("structures/", public.structure_list, name="structure_list"),
    path("structures/<slug:slug>/", public.structure_detail, name="structure_detail"),
]

account_urlpatterns = [
    path("", account.account_home, name="account_home"),
    path("profil/", account.profile, name="account_profile"),
    path("structures/nouvelle/", account.structure_create, name="account_structure_create"),
    path("structures/rejoindre/", account.structure_claim_search, name="account_claim_search"),
    path(
        "structures/<slug:slug>/modifier/",
        account.structure_update,
        name="account_structure_update",
    ),
    path("structures/<slug:slug>/rejoindre/", account.structure_claim, name="account_claim"),
    path(
        "structures/<slug:slug>/modifications/retirer/",
        revisions.structure_revision_withdraw,
        name="account_structure_revision_withdraw",
    ),
    path("invitations/<token:token>/", account.invitation_accept, name="invitation_accept"),
]

# Every URL below is under /espace/<code>/ (see config/urls.py).
staff_urlpatterns = [
    path("structures/", staff.organisation_list, name="staff_organisation_list"),
    path("structures/nouvelle/", staff.organisation_create, name="staff_organisation_create"),
    path("structures/modifications/", revisions.revision_list, name="staff_revision_list"),
    path("structures/<slug:slug>/", staff.organisation_detail, name="staff_organisation_detail"),
    path(
        "structures/<slug:slug>/modifier/",
        staff.organisation_update,
        name="staff_organisation_update",
    ),
    path(
        "structures/<slug:slug>/valider/",
        staff.organisation_validate,
        name="staff_organisation_validate",
    ),
    path(
        "structures/<slug:slug>/archiver/",
        staff.organisation_archive,
        name="staff_organisation_archive",
    ),
    path(
        "structures/<slug:slug>/demandes/<int:pk>/accepter/",
        staff.claim_approve,
        name="staff_claim_approve",
    ),
    path(
        "structures/<slug:slug>/demandes/<int:pk>/refuser/",
        staff.claim_reject,
        name="staff_claim_reject",
    ),
    path(
        "structures/<slug:slug>/modifications/<int:pk>/",
        revisions.revision_detail,
        name="staff_revision_detail",
    ),
    path(
        "structures/<slug:slug>/modifications/<int:pk>/accepter/",
        revisions.revision_accept,
        name="staff_revision_accept",
    ),
    path(
        "structures/<slug:slug>/modifications/<int:pk>/refuser/",
        revisions.revision_refuse,
        name="staff_revision_refuse",
    ),
    path("parametres/", staff.department_settings, name="staff_department_settings"),
    path("membres/", staff.member_list, name="staff_member_list"),
    path("membres/<int:pk>/role/", staff.member_change_role, name="staff_member_change_role"),
    path("membres/<int:pk>/retirer/", staff.member_remove, name="staff_member_remove"),
    path(
        "membres/invitations/<int:pk>/annuler/",
        staff.invitation_cancel,
        name="staff_invitation_cancel",
    ),
]


urlpatterns = [
    *public_urlpatterns,
    path("compte/", include(account_urlpatterns)),
    path("espace/<department:code>/", include(staff_urlpatterns)),
]
