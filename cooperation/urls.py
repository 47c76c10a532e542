from django.urls import include, path

import partners.converters  # noqa: F401  (registers <token:…>)
from cooperation.views import (
    contributor,
    opendata,
    project_map,
    public,
    staff,
    staff_diagnostic,
    staff_exchanges,
    staff_indicators,
    staff_objectives,
)

app_name = "cooperation"

public_urlpatterns = [
    path("projets/", public.project_list, name="project_list"),
    path("projets/<slug:slug>/", public.project_detail, name="project_detail"),
    path(
        "projets/<slug:slug>/documents/<int:pk>/",
        public.project_document,
        name="project_public_document",
    ),
    path("territoires/<slug:slug>/", public.territory_detail, name="territory_detail"),
    path("carte/", project_map.map_page, name="map"),
    path("carte/donnees/", project_map.map_data, name="map_data"),
    path("carte/projets/<slug:slug>/", project_map.map_popup, name="map_popup"),
    path("donnees/projets.csv", opendata.projects_csv, name="open_data_csv"),
    path("donnees/projets.geojson", opendata.projects_geojson, name="open_data_geojson"),
    path("donnees/iati-activities.xml", opendata.projects_iati, name="open_data_iati"),
    path("odd/", public.sdg_list, name="sdg_list"),
    path("odd/<int:number>/", public.sdg_detail, name="sdg_detail"),
]

# Under /compte/: people of partner organisations invited on one project.
contributor_urlpatterns = [
    path("projets/", contributor.project_list, name="contributor_project_list"),
    path(
        "projets/invitations/<token:token>/",
        contributor.invitation_accept,
        name="project_invitation_accept",
    ),
    path("projets/<slug:slug>/", contributor.project_detail, name="contributor_project_detail"),
    path(
        "projets/<slug:slug>/diagnostic/",
        contributor.diagnostic,
        name="contributor_diagnostic",
    ),
    path(
        "projets/<slug:slug>/diagnostic/contributions/<int:pk>/commenter/",
        contributor.diagnostic_comment,
        name="contributor_diagnostic_comment",
    ),
    path(
        "projets/<slug:slug>/indicateurs/<int:pk>/",
        contributor.indicator,
        name="contributor_indicator",
    ),
    path(
        "projets/<slug:slug>/mesures/<int:pk>/modifier/",
        contributor.measurement_update,
        name="contributor_measurement_update",
    ),
    path(
        "projets/<slug:slug>/mesures/<int:pk>/justificatif/",
        contributor.measurement_evidence,
        name="contributor_measurement_evidence",
    ),
]

# Under /espace/<code>/.
P = "projets/<slug:slug>/"
staff_urlpatterns = [
    path("projets/", staff.project_list, name="staff_project_list"),
    path("projets/export.csv", staff.project_export_csv, name="staff_project_export_csv"),
    path("projets/export.xlsx", staff.project_export_xlsx, name="staff_project_export_xlsx"),
    path("projets/nouveau/", staff.project_create, name="staff_project_create"),
    path(P, staff.project_detail, name="staff_project_detail"),
    path(P + "modifier/", staff.project_update, name="staff_project_update"),
    path(P + "publier/", staff.project_publish, name="staff_project_publish"),
    path(P + "depublier/", staff.project_unpublish, name="staff_project_unpublish"),
    path(P + "partenaires/", staff.project_partners, name="staff_project_partners"),
    path(
        P + "partenaires/ajouter/<int:organisation_pk>/",
        staff.project_partner_add,
        name="staff_project_partner_add",
    ),
    path(
        P + "partenaires/<int:pk>/retirer/",
        staff.project_partner_remove,
        name="staff_project_partner_remove",
    ),
    path(P + "contributeurs/", staff.project_contributors, name="staff_project_contributors"),
    path(
        P + "contributeurs/<int:pk>/retirer/",
        staff.project_contributor_remove,
        name="staff_project_contributor_remove",
    ),
    path(
        P + "invitations/<int:pk>/annuler/",
        staff.project_invitation_cancel,
        name="staff_project_invitation_cancel",
    ),
    path(P + "documents/", staff.project_documents, name="staff_project_documents"),
    path(P + "documents/<int:pk>/", staff.project_document, name="staff_project_document"),
    path(
        P + "documents/<int:pk>/supprimer/",
        staff.project_document_remove,
        name="staff_project_document_remove",
    ),
    path(P + "historique/", staff.project_history, name="staff_project_history"),
    # Co-construction and results
    path(P + "diagnostic/", staff_diagnostic.diagnostic, name="staff_project_diagnostic"),
    path(
        P + "diagnostic/contributions/<int:pk>/commenter/",
        staff_diagnostic.diagnostic_comment,
        name="staff_diagnostic_comment",
    ),
    path(
        P + "diagnostic/valider/",
        staff_diagnostic.diagnostic_validate,
        name="staff_diagnostic_validate",
    ),
    path(
        P + "diagnostic/nouvelle-version/",
        staff_diagnostic.diagnostic_new_version,
        name="staff_diagnostic_new_version",
    ),
    path(P + "objectifs/", staff_objectives.objectives, name="staff_project_objectives"),
    path(
        P + "objectifs/ajouter/", staff_objectives.objective_create, name="staff_objective_create"
    ),
    path(
        P + "objectifs/<int:pk>/modifier/",
        staff_objectives.objective_update,
        name="staff_objective_update",
    ),
    path(P + "activites/ajouter/", staff_objectives.activity_create, name="staff_activity_create"),
    path(
        P + "activites/<int:pk>/statut/",
        staff_objectives.activity_status,
        name="staff_activity_status",
    ),
    path(
        P + "activites/<int:pk>/jalons/ajouter/",
        staff_objectives.milestone_create,
        name="staff_milestone_create",
    ),
    path(
        P + "jalons/<int:pk>/atteint/",
        staff_objectives.milestone_reached,
        name="staff_milestone_reached",
    ),
    path(P + "indicateurs/", staff_indicators.indicators, name="staff_project_indicators"),
    path(
        P + "indicateurs/<int:pk>/",
        staff_indicators.indicator_detail,
        name="staff_indicator_detail",
    ),
    path(
        P + "indicateurs/<int:pk>/modifier/",
        staff_indicators.indicator_update,
        name="staff_indicator_update",
    ),
    path(
        P + "mesures/<int:pk>/approuver/",
        staff_indicators.measurement_approve,
        name="staff_measurement_approve",
    ),
    path(
        P + "mesures/<int:pk>/renvoyer/",
        staff_indicators.measurement_return,
        name="staff_measurement_return",
    ),
    path(
        P + "mesures/<int:pk>/justificatif/",
        staff_indicators.measurement_evidence,
        name="staff_measurement_evidence",
    ),
    path(
        P + "delegations-echanges/",
        staff_exchanges.exchanges,
        name="staff_project_exchanges",
    ),
    path(
        P + "delegations/ajouter/",
        staff_exchanges.delegation_create,
        name="staff_delegation_create",
    ),
    path(P + "echanges/ajouter/", staff_exchanges.exchange_create, name="staff_exchange_create"),
    path(
        P + "echanges/<int:pk>/actions/ajouter/",
        staff_exchanges.action_create,
        name="staff_action_create",
    ),
    path(P + "actions/<int:pk>/faite/", staff_exchanges.action_done, name="staff_action_done"),
]


urlpatterns = [
    *public_urlpatterns,
    path("compte/", include(contributor_urlpatterns)),
    path("espace/<department:code>/", include(staff_urlpatterns)),
]
