"""The back office's JSON API under ``/api/v1/staff``: every route needs a signed-in staff actor.

(bo-case's branch: bo-id owns this package's sign-in (``auth.py``); the merge keeps bo-id's ``__init__``.)
"""
