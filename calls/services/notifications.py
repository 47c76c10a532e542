"""To whom, and with which link, an application's news is sent."""

from django.conf import settings
from django.urls import reverse

from calls.models import (
    Application,
)
from partners.models import DepartmentRole


def _staff_recipients(application: Application) -> list[str]:
    """The officers who already handled the application; else every officer and admin."""
    acted = set(
        application.events.filter(actor__isnull=False)
        .exclude(actor=application.applicant)
        .values_list("actor__email", flat=True)
    ) | set(
        application.messages.filter(from_staff=True, author__isnull=False).values_list(
            "author__email", flat=True
        )
    )
    if acted:
        return sorted(acted)
    return sorted(
        application.call.department.memberships.filter(
            role__in=(DepartmentRole.ADMIN, DepartmentRole.OFFICER)
        ).values_list("user__email", flat=True)
    )


def _applicant_url(application: Application) -> str:
    return settings.SITE_URL + reverse(
        "calls:applicant_application_detail", kwargs={"pk": application.pk}
    )


def _staff_url(application: Application) -> str:
    return settings.SITE_URL + reverse(
        "calls:staff_application_detail",
        kwargs={
            "code": application.call.department.code,
            "slug": application.call.slug,
            "pk": application.pk,
        },
    )
