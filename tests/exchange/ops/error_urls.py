"""The site's URLs and a page that fails, for the server error page's tests."""

from django.urls import path

from exchange.config.urls import handler500, urlpatterns


def fail(request):
    raise RuntimeError("boom")


urlpatterns = [*urlpatterns, path("fail/", fail)]
__all__ = ["handler500", "urlpatterns"]
