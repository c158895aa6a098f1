"""Where state lives: files on the data dir (the source of truth), every Redis key, the
one place Redis clients are made, short locks, the event stream, counters and the audit
log."""
