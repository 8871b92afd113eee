"""Long work as jobs the user sees: `Job` (who started it, its state, rows done of
rows total, its error or its result: a file kept `JOBS_RESULT_DAYS`, a summary or
problems), started by `start_job` and run by the task queue (Django's tasks API,
docs/deployment.md) through one task, `run_job`, that calls the registered function
with a `progress(done, total)` callback. A job left running by a dead worker is marked
failed (`recovery`); `health.check_worker` says whether a worker is alive. Knows no app.
"""
