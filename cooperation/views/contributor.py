"""Placeholder while the views are written (replaced before commit)."""

from django.http import Http404


def project_list(request, *args, **kwargs):
    raise Http404


def invitation_accept(request, *args, **kwargs):
    raise Http404


def project_detail(request, *args, **kwargs):
    raise Http404


def diagnostic(request, *args, **kwargs):
    raise Http404


def diagnostic_comment(request, *args, **kwargs):
    raise Http404


def indicator(request, *args, **kwargs):
    raise Http404


def measurement_update(request, *args, **kwargs):
    raise Http404


def measurement_evidence(request, *args, **kwargs):
    raise Http404
