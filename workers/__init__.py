"""Background loops over the stages: assembler, router, timers, delivery, critical results,
paging. Stateless; any number may run against one Redis."""
