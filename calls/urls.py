from django.urls import include, path

import partners.converters  # noqa: F401  (registers <department:…>)
from calls.views import applicant, committee, files, final_report, public, review, staff

app_name = "calls"

public_urlpatterns = [
    path("appels/", public.call_list, name="call_list"),
    path("appels/<slug:slug>/", public.call_detail, name="call_detail"),
    path(
        "appels/<slug:slug>/modeles/<int:pk>/",
        public.call_document_template,
        name="call_document_template",
    ),
    path("appels/<slug:slug>/candidater/", applicant.apply, name="call_apply"),
    path("donnees/subventions.csv", public.grants_scdl, name="open_data_grants"),
]

# Under /compte/: the applicant's own applications.
A = "candidatures/<int:pk>/"
applicant_urlpatterns = [
    path("candidatures/", applicant.application_list, name="applicant_application_list"),
    path(A, applicant.application_detail, name="applicant_application_detail"),
    path(
        A + "modifier/<slug:section>/",
        applicant.application_edit,
        name="applicant_application_edit",
    ),
    path(
        A + "pieces/<int:document_pk>/supprimer/",
        applicant.document_remove,
        name="applicant_document_remove",
    ),
    path(A + "deposer/", applicant.application_submit, name="applicant_application_submit"),
    path(A + "retirer/", applicant.application_withdraw, name="applicant_application_withdraw"),
    path(A + "supprimer/", applicant.application_delete, name="applicant_application_delete"),
    path(A + "recepisse/", applicant.application_receipt, name="applicant_application_receipt"),
    path(A + "donnees.json", applicant.application_data, name="applicant_application_data"),
    path(A + "messages/", applicant.message_post, name="applicant_message_post"),
    path(A + "compte-rendu/", final_report.final_report, name="applicant_final_report"),
    path(
        A + "compte-rendu/bilan-financier/",
        final_report.final_report_file,
        name="applicant_final_report_file",
    ),
    # Files of an application: one view checks who may see them (applicant, staff of the
    # department, assigned reviewers).
    path(
        "candidatures/fichiers/<int:pk>/",
        files.application_document_file,
        name="application_document_file",
    ),
    path(
        "candidatures/messages/<int:pk>/piece-jointe/",
        files.message_attachment_file,
        name="application_message_attachment",
    ),
]

# Under /espace/<code>/.
C = "appels/<slug:slug>/"
S = C + "candidatures/"
staff_urlpatterns = [
    path("appels/", staff.call_list, name="staff_call_list"),
    path("appels/nouveau/", staff.call_create, name="staff_call_create"),
    path(C, staff.call_detail, name="staff_call_detail"),
    path(C + "modifier/", staff.call_update, name="staff_call_update"),
    path(C + "publier/", staff.call_publish, name="staff_call_publish"),
    path(C + "cloturer/", staff.call_close, name="staff_call_close"),
    path(C + "archiver/", staff.call_archive, name="staff_call_archive"),
    path(C + "pieces/", staff.call_documents, name="staff_call_documents"),
    path(
        C + "pieces/<int:pk>/retirer/",
        staff.required_document_remove,
        name="staff_required_document_remove",
    ),
    path(C + "criteres/", staff.call_criteria, name="staff_call_criteria"),
    path(C + "criteres/<int:pk>/retirer/", staff.criterion_remove, name="staff_criterion_remove"),
    path(S, staff.application_list, name="staff_application_list"),
    path(S + "export.csv", staff.application_export_csv, name="staff_application_export_csv"),
    path(S + "export.xlsx", staff.application_export_xlsx, name="staff_application_export_xlsx"),
    path(S + "<int:pk>/", staff.application_detail, name="staff_application_detail"),
    path(
        S + "<int:pk>/transition/",
        staff.application_transition,
        name="staff_application_transition",
    ),
    path(S + "<int:pk>/messages/", staff.application_message, name="staff_application_message"),
    # Review: officers assign; the ranking of the call.
    path(S + "<int:pk>/evaluateurs/", review.review_assign, name="staff_review_assign"),
    path(
        S + "<int:pk>/evaluateurs/<int:assignment_pk>/retirer/",
        review.review_unassign,
        name="staff_review_unassign",
    ),
    path(C + "classement/", review.call_ranking, name="staff_call_ranking"),
    # After the decision: the grant's instalments, the final report, closing the file.
    path(
        S + "<int:pk>/versements/<int:instalment_pk>/paye/",
        staff.instalment_pay,
        name="staff_instalment_pay",
    ),
    path(
        S + "<int:pk>/compte-rendu/bilan-financier/",
        staff.final_report_file,
        name="staff_final_report_file",
    ),
    path(S + "<int:pk>/clore/", staff.application_close, name="staff_application_close"),
    # Committee sessions.
    path(C + "comites/", committee.committee_list, name="staff_committee_list"),
    path(C + "comites/nouveau/", committee.committee_create, name="staff_committee_create"),
    path(C + "comites/<int:pk>/", committee.committee_detail, name="staff_committee_detail"),
    path(
        C + "comites/<int:pk>/modifier/",
        committee.committee_update,
        name="staff_committee_update",
    ),
    path(
        C + "comites/<int:pk>/decisions/<int:application_pk>/",
        committee.committee_decision,
        name="staff_committee_decision",
    ),
    path(
        C + "comites/<int:pk>/decisions/<int:application_pk>/retirer/",
        committee.committee_decision_remove,
        name="staff_committee_decision_remove",
    ),
    path(C + "comites/<int:pk>/cloturer/", committee.committee_close, name="staff_committee_close"),
    path(
        C + "comites/<int:pk>/proces-verbal/",
        committee.committee_minutes,
        name="staff_committee_minutes",
    ),
    # The reviewers' own pages.
    path("evaluations/", review.reviewer_assignment_list, name="staff_review_list"),
    path("evaluations/<int:pk>/", review.reviewer_assignment_detail, name="staff_review_detail"),
    path(
        "evaluations/<int:pk>/declaration/",
        review.reviewer_declare,
        name="staff_review_declare",
    ),
]


urlpatterns = [
    *public_urlpatterns,
    path("compte/", include(applicant_urlpatterns)),
    path("espace/<department:code>/", include(staff_urlpatterns)),
]
