"""Calls to the outside world, each behind one small function with timeouts and size limits."""
