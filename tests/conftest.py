import pytest
from django.contrib.auth.models import Permission, User

from hightech_zone import services


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the shipped fixtures, loaded once per run."""
    with django_db_blocker.unblock():
        services.load_seed_data()


@pytest.fixture
def staff_user(db):
    """A staff member (not a superuser) holding every permission on the zone's records."""
    user = User.objects.create_user(username="staff", password="不易猜到的密码-2017", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="hightech_zone"))
    return user


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
