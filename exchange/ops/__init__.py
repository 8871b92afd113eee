"""The application operable in production: `/healthz` for the load balancer (the
database, the shared cache, the checks of `HEALTH_CHECKS`), the error pages in the
user's language (404, 403, CSRF failure, 500), error reporting to Sentry when
`SENTRY_DSN` is set, and the scheduled jobs (`SCHEDULE`: the nightly backup, the daily
check of the balance summary, the weekly digest of what is overdue) with the
`scheduler` command that enqueues them when due."""
