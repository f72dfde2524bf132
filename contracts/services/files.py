"""Files handed over with a milestone's submission, kept by the files app."""

from contracts.models import Submission, SubmissionFile
from files.services import files_store


def submission_files_attach(*, submission: Submission, by, uploads) -> list[SubmissionFile]:
    stored = files_store(uploads=uploads, by=by) if uploads else []
    return SubmissionFile.objects.bulk_create(
        SubmissionFile(submission=submission, file=file) for file in stored
    )
