"""Server-rendered pages (Jinja2): one router module per capability; pages translate, never decide."""
