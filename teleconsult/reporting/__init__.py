"""Reports and what goes into them: signing (one module), the report record and feed,
delivery policy, PDF, measurements and key images, reading history, result sharing and
the patient identities it relies on."""
