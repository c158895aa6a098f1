"""Routing: the Redis queue (one Lua script per assignment), roster and presence,
priority bands, escalation, paging and call-in, reading handover."""
