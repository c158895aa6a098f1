"""Reports, delivery policy, sharing and the patient identities they rely on."""
