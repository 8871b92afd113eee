"""Realistic demo data for `manage.py seed_demo` (and `make run`): partners in the
countries and regions a national library exchanges with, agreements, rates and years of
shipments, the same for the same options."""
