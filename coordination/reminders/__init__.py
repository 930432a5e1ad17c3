"""Who gets reminded of what, and when: the policy (pure) and the sweep that applies it."""
