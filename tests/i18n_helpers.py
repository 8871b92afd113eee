"""Helpers of the tests in Chinese: the language's code and a client that asks for it."""

from django.conf import settings
from django.test import Client

ZH = "zh-hans"


def chinese(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = ZH
    return client
