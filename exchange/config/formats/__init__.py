"""Date formats per language (settings.FORMAT_MODULE_PATH), over Django's own.

Tables, lists and letters write dates as ISO YYYY-MM-DD, the same in both languages
(unambiguous, sortable, and the Chinese national standard GB/T 7408); these formats
are for dates in running text, such as the dashboard's heading.
"""
