"""Reports: signing, drafts, delivery policy, sharing."""
