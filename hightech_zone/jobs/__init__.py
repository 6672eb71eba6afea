"""Long work run by a background worker: imports and the like, with progress staff can watch.

``services`` starts, cancels and ends jobs and enforces the limits; ``tasks`` is what the
worker runs; ``liveness`` tells a running job from one whose worker died; ``progress`` keeps
the live counts; ``spreadsheets`` holds the work of an import.
"""
