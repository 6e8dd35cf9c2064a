"""The JSON API (``/api/v1``): one router module per capability; routes translate, never decide."""
