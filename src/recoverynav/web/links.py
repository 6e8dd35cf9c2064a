"""The link allow-list as the web face registers it for templates (``web.rendering``): see ``recoverynav.links``."""

from __future__ import annotations

from recoverynav.links import WEB_SCHEMES, safe_url, web_url

__all__ = ["WEB_SCHEMES", "safe_url", "web_url"]
