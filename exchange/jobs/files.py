"""A job's result file, kept in the database in pieces and streamed back."""

from exchange.jobs.models import Job, JobChunk

CHUNK_BYTES = 1024 * 1024


def store_file(job: Job, content: bytes) -> None:
    JobChunk.objects.filter(job=job).delete()
    JobChunk.objects.bulk_create(
        JobChunk(job=job, number=number, data=content[start : start + CHUNK_BYTES])
        for number, start in enumerate(range(0, len(content), CHUNK_BYTES))
    )


def file_chunks(job: Job):
    """The file's pieces in order, one query each: memory holds one piece at a time."""
    numbers = list(job.chunks.order_by("number").values_list("pk", flat=True))
    for pk in numbers:
        yield bytes(JobChunk.objects.values_list("data", flat=True).get(pk=pk))


def file_content(job: Job) -> bytes:
    return b"".join(file_chunks(job))
