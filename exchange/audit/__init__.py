"""Nothing lost: the history of every change with who and when, the refusal of a save
made over someone else's (versions), the reasons a record may not be deleted, and
backups of the whole database."""
