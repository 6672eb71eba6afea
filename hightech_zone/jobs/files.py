"""Files a job reads or makes: kept in the database, which every app server and worker shares."""

from ..importing.pending import DatabaseStorage


def keep(data):
    """Keeps a file a job made, for a day; returns its name for the job's download."""
    storage = DatabaseStorage()
    storage.save(data)
    return storage.name


def read(name):
    """The file's bytes; SpreadsheetError (in Chinese) when it is gone."""
    return DatabaseStorage(name=name).read()


def remove(name):
    DatabaseStorage(name=name).remove()


def held_by(job):
    """The names of the files a job holds: its upload, and the rows its preview kept for it
    (``spreadsheets``), all removed when it ends."""
    names = [job.pending] if job.pending else []
    kept = job.preview.result.get("kept") if job.preview_id else None
    if kept:
        names.append(kept["rows"])
    return names


def remove_held(job):
    for name in held_by(job):
        remove(name)
