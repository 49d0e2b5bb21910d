"""The web UI: FastAPI with server-rendered pages and a JSON API over the same store.

Example:
    >>> from newstrace.web import create_app                          # doctest: +SKIP
    >>> app = create_app("news.db")                                    # doctest: +SKIP
"""

from newstrace.web.app import WebConfig, create_app

__all__ = ["WebConfig", "create_app"]
