"""Placeholder while the views are written (replaced before commit)."""

from django.http import Http404


def project_list(request, *args, **kwargs):
    raise Http404


def project_export_csv(request, *args, **kwargs):
    raise Http404


def project_export_xlsx(request, *args, **kwargs):
    raise Http404


def project_create(request, *args, **kwargs):
    raise Http404


def project_detail(request, *args, **kwargs):
    raise Http404


def project_update(request, *args, **kwargs):
    raise Http404


def project_publish(request, *args, **kwargs):
    raise Http404


def project_unpublish(request, *args, **kwargs):
    raise Http404


def project_partners(request, *args, **kwargs):
    raise Http404


def project_partner_add(request, *args, **kwargs):
    raise Http404


def project_partner_remove(request, *args, **kwargs):
    raise Http404


def project_contributors(request, *args, **kwargs):
    raise Http404


def project_contributor_remove(request, *args, **kwargs):
    raise Http404


def project_invitation_cancel(request, *args, **kwargs):
    raise Http404


def project_documents(request, *args, **kwargs):
    raise Http404


def project_document(request, *args, **kwargs):
    raise Http404


def project_document_remove(request, *args, **kwargs):
    raise Http404


def project_history(request, *args, **kwargs):
    raise Http404
