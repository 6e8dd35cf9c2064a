"""The back office's JSON API under ``/api/v1/staff``: a bearer token from ``auth``, then case work."""
