"""The case: its record and state machine, its priority, and a reader's draft. Pure data
and rules (drafts are files), used by every stage after ingest."""
