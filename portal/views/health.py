"""Health checks: ``/sante/`` answers without touching anything (the floor of `make
bench`); ``/sante/complet/`` checks the database and the task queue, for load balancers
and monitors."""

from datetime import timedelta

from django.db import DatabaseError, connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

# A task that could run and has waited longer than this in READY: no worker is taking them.
TASK_WAIT_BOUND = timedelta(minutes=15)


@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: the application answers (no database query).
    Also the floor of `make bench`: the cheapest page this server can serve."""
    return HttpResponse("ok", content_type="text/plain")


def select_one() -> None:
    """The database answers a trivial query (raises DatabaseError otherwise)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _database_ok() -> bool:
    try:
        select_one()
    except DatabaseError:
        return False
    return True


def _tasks_ok() -> bool:
    """The task table is readable and no task has waited in READY beyond the bound, counted
    from when it could run (its enqueueing, or its ``run_after`` when it has one)."""
    limit = timezone.now() - TASK_WAIT_BOUND
    try:
        late = DBTaskResult.objects.filter(status=TaskResultStatus.READY).filter(
            Q(run_after=get_date_max(), enqueued_at__lt=limit) | Q(run_after__lt=limit)
        )
        return not late.exists()
    except DatabaseError:
        return False


@never_cache
def health_full(request: HttpRequest) -> JsonResponse:
    """200 with ``{"database": "ok", "tasks": "ok"}``, else 503 naming the failed part.
    No login; never cached."""
    checks = {
        "database": "ok" if _database_ok() else "failed",
        "tasks": "ok" if _tasks_ok() else "failed",
    }
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)
