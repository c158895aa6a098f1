"""Background loops: assembler, router, timers. Stateless; run any number of each."""
