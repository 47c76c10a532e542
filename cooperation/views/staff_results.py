"""Placeholder while the views are written (replaced before commit)."""

from django.http import Http404


def diagnostic(request, *args, **kwargs):
    raise Http404


def diagnostic_comment(request, *args, **kwargs):
    raise Http404


def diagnostic_validate(request, *args, **kwargs):
    raise Http404


def diagnostic_new_version(request, *args, **kwargs):
    raise Http404


def objectives(request, *args, **kwargs):
    raise Http404


def objective_create(request, *args, **kwargs):
    raise Http404


def activity_create(request, *args, **kwargs):
    raise Http404


def activity_status(request, *args, **kwargs):
    raise Http404


def milestone_create(request, *args, **kwargs):
    raise Http404


def milestone_reached(request, *args, **kwargs):
    raise Http404


def indicators(request, *args, **kwargs):
    raise Http404


def indicator_detail(request, *args, **kwargs):
    raise Http404


def measurement_approve(request, *args, **kwargs):
    raise Http404


def measurement_return(request, *args, **kwargs):
    raise Http404


def measurement_evidence(request, *args, **kwargs):
    raise Http404


def exchanges(request, *args, **kwargs):
    raise Http404


def delegation_create(request, *args, **kwargs):
    raise Http404


def exchange_create(request, *args, **kwargs):
    raise Http404


def action_create(request, *args, **kwargs):
    raise Http404


def action_done(request, *args, **kwargs):
    raise Http404
