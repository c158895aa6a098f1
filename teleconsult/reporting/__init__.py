"""Reports and what goes into them (measurements, drafts, key images, reading history),
delivery policy, sharing and the patient identities it relies on."""
