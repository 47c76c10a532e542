from django.urls import path

import partners.converters  # noqa: F401  (registers <department:…>)
from calls.views import applicant, public, staff

public_urlpatterns = [
    path("appels/", public.call_list, name="call_list"),
    path("appels/<slug:slug>/", public.call_detail, name="call_detail"),
    path(
        "appels/<slug:slug>/modeles/<int:pk>/",
        public.call_document_template,
        name="call_document_template",
    ),
    path("appels/<slug:slug>/candidater/", applicant.apply, name="call_apply"),
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
    # Files of an application: one view checks who may see them (applicant, staff of the
    # department, assigned reviewers).
    path(
        "candidatures/fichiers/<int:pk>/",
        applicant.application_document_file,
        name="application_document_file",
    ),
    path(
        "candidatures/messages/<int:pk>/piece-jointe/",
        applicant.message_attachment_file,
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
]
