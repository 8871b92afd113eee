"""How the site is put together: settings read from the environment, the addresses of
every capability's pages, the WSGI and ASGI entry points, the context every page and
letter gets, and the number and date formats of each language."""
