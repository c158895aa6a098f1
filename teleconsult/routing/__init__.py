"""Routing: roster, presence, queue, escalation, paging and handover."""
