import pytest


@pytest.fixture
def immediate(settings):
    """Tasks run as they are queued, in the test's own transaction."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
