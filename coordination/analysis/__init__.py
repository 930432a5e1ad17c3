"""Program intelligence: dependencies, capacity, risks and portfolio health.

Pure functions over the plain records in `model`; no database, Slack or network.
"""
