"""Placeholder while the views are written (replaced before commit)."""

from django.http import Http404


def project_list(request, *args, **kwargs):
    raise Http404


def project_detail(request, *args, **kwargs):
    raise Http404


def project_document(request, *args, **kwargs):
    raise Http404


def sdg_list(request, *args, **kwargs):
    raise Http404


def sdg_detail(request, *args, **kwargs):
    raise Http404
