"""Who is told of a write to the zone's records: a registry that the models' bulk writes call.

ZoneDataQuerySet's bulk writes skip save() and its signals; they call ``before`` with the rows
about to change and ``after`` once written, so that derived data (the search index) follows.
The listeners are registered when Django starts (hightech_zone.apps); this module imports
nothing of ours, so models can call it without a cycle.
"""

listeners = []


def register(listener):
    """``listener(model, rows)``: rows is a queryset (read before the write) or a list of
    records; it returns a callable run after the write, or None."""
    if listener not in listeners:
        listeners.append(listener)


def before(model, rows):
    """Tell every listener that ``rows`` of ``model`` are about to be written; the callables
    to run once they are."""
    return [then for listener in listeners if (then := listener(model, rows)) is not None]


def after(pending):
    for then in pending:
        then()
