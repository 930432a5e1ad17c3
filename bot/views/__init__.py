"""Block Kit for plain results from the domain package; no Slack calls happen here."""
