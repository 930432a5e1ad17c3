"""Fakes for the services Followthrough talks to, shared by test modules."""
