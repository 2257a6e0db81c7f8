"""`ctg serve`: the application served by uvicorn."""

from __future__ import annotations

from docgen.model.errors import DocgenError
from docgen.web.settings import Settings


def serve(settings: Settings, host: str, port: int) -> None:
    """Serve the application on `host`:`port` until interrupted (the database migrated first)."""
    import uvicorn

    from docgen.web.app import create_app

    app = create_app(settings)
    print(f"Application web\u00a0: http://{host}:{port}/ (données\u00a0: {settings.data}). Ctrl+C pour arrêter.")
    try:
        uvicorn.run(app, host=host, port=port, log_level="info", server_header=False, proxy_headers=settings.https_only)
    except OSError as exc:
        raise DocgenError(f"impossible d'écouter sur {host}:{port} ({exc.strerror})") from None
