"""The weekly program digest: when it is due, and what it says, as plain data."""
