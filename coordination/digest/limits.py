"""How much of each list the digest reads: what Slack and `followthrough digest` show.

Slack shows at most its first limit (bot/scheduling/digest_view.py LIMITS) per list,
the CLI this many, each with "…and N more"; reading more lines than that would only
be thrown away, and at program scale reading them is most of the digest's cost.
"""

DIGEST_LINES = 15
"""Lines read per list, and owners in "overdue by owner" (each with up to this many
items). The CLI printed 15 per list before the cap, so it still does."""
