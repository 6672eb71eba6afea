"""Long work run by a background worker: imports and the like, with progress staff can watch.

``services`` is what staff do (start, confirm, cancel), within their limit; ``tasks`` is what
the worker runs; ``lifecycle`` is how a job ends, with the reaper and the cleanup;
``liveness`` tells a running job from one whose worker died; ``progress`` keeps the live
counts; ``spreadsheets`` is the work of an import.
"""
