"""Absolute paths of the project's top-level folders, built once from the project root."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
TRANSLATIONS = ROOT / "translations"
BABEL_CFG = ROOT / "babel.cfg"
MIGRATIONS = ROOT / "kiosk" / "migrations"


def check_layout() -> None:
    """Fail early, with the path, when the package was installed without its data folders."""
    for folder in (TEMPLATES, STATIC, TRANSLATIONS):
        if not folder.is_dir():
            raise RuntimeError(f"kiosk: folder {folder} is missing; run from a checkout of the project")
