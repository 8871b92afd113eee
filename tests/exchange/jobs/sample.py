"""Job functions for the tests: one that counts, one that fails, one that waits."""

from exchange.jobs.runner import JobError, Outcome, job_function


@job_function
def count_to(job, progress, *, n: int, fail_at: int | None = None, message: str = ""):
    progress(0, n)
    for i in range(1, n + 1):
        if fail_at == i:
            if message:
                raise JobError(message)
            raise ZeroDivisionError("boom")
        progress(i, force=True)
    return Outcome(
        content=",".join(str(i) for i in range(n)).encode(),
        file_name="count.csv",
        file_format="csv",
        summary=f"Counted to {n}.",
    )


def not_a_job(job, progress):
    return Outcome()
