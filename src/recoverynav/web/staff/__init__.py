"""The back office's pages under ``/staff``: sign-in in two steps, server-side sessions, CSRF on every form."""
