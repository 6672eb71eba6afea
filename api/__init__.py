"""The open-data API: the zone's published records as read-only JSON under /api/v1/."""
