"""Cues a unit carries on its own: action labels, owners, completion, commitments, and
what its section is about. Each module recognises one kind of cue."""
