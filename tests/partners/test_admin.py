"""The Django admin belongs to the platform operators (superusers) only."""

import pytest

from tests.factories import UserFactory


@pytest.mark.django_db
def test_superuser_reaches_the_admin(client_for, superuser):
    assert client_for(superuser).get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["officer94", "admin94", "structure_manager", "anonymous"])
def test_nobody_else_reaches_the_admin(client_for, cast, role):
    response = client_for(cast[role]).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_a_staff_flag_without_superuser_does_not_open_the_admin(client_for):
    operator_without_rights = UserFactory(is_staff=True, is_superuser=False)
    response = client_for(operator_without_rights).get("/admin/partners/organisation/")
    assert response.status_code == 302
