"""The staff translation editor at /staff/translations: list, edit with checks, history and revert."""
from __future__ import annotations

import unicodedata

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext
from sqlalchemy.exc import OperationalError

from ..routing import whole_number
from ..staff.auth import current_staff, protect, safe_next, staff_page
from . import editor, overlay, places
from .models import key_hash
from .review import review

# Every route needs a signed-in staff member: the editor changes what every kiosk screen shows.
bp = protect(Blueprint("translations", __name__, url_prefix="/staff/translations"))
LOCALE = "ar"  # the catalog staff edit; English is the source language
PER_PAGE = 25


def _catalogs():
    return current_app.extensions["kiosk_catalogs"]


def _page(template: str, **context):
    return staff_page(template, **context)


def _entry_or_404(digest: str) -> editor.Entry:
    found = editor.entries(_catalogs(), LOCALE)
    entry = next((e for e in found if key_hash(LOCALE, e.key) == digest), None)
    if entry is None:
        abort(404)
    return entry


def selection(args) -> dict:
    """The filter, search and page of the list, read from the query string, and the entries they give."""
    kind = args.get("filter", "all")
    kind = kind if kind in editor.FILTERS else "all"
    query = args.get("q", "")[:200]
    page = whole_number(args.get("page", "1")) or 1
    found = editor.entries(_catalogs(), LOCALE)
    chosen = editor.select(found, kind, query)
    pages = max((len(chosen) + PER_PAGE - 1) // PER_PAGE, 1)
    page = min(page, pages)
    return {"found": found, "entries": chosen[(page - 1) * PER_PAGE:page * PER_PAGE], "kind": kind,
            "query": query, "page": page, "pages": pages, "total": len(chosen)}


def digest(entry: editor.Entry) -> str:
    return key_hash(LOCALE, entry.key)


@bp.get("/")
def index():
    """Every entry beside its English source, filtered, searched and paged, with progress."""
    chosen = selection(request.args)
    overall, per_location = editor.progress(chosen.pop("found"), places.place)
    return _page("staff/translations/index.html", overall=overall, per_location=per_location,
                 place=places.place, path=editor.location_name, digest=digest, **chosen)


def clean(text: str) -> str:
    # Browsers send a textarea's line breaks as CRLF; the catalogs use LF. NFC keeps search and checks exact.
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n"))


def _submitted(entry: editor.Entry, nplurals: int):
    if entry.plural:
        return tuple(clean(request.form.get(f"form-{index}", "")) for index in range(nplurals))
    return clean(request.form.get("msgstr", ""))


def _edit_page(entry: editor.Entry, value, findings=(), conflict=None, status: int = 200):
    catalog = _catalogs().shipped()[LOCALE]
    digest = key_hash(LOCALE, entry.key)
    with current_app.extensions["kiosk_db"].reader() as session:
        changes = overlay.history(session, LOCALE, entry.key, limit=20)
    labels = editor.plural_labels(catalog) if entry.plural else []
    body = _page("staff/translations/edit.html", entry=entry, place=places.place, path=editor.location_name,
                 value=value, findings=findings,
                 conflict=conflict, labels=labels, digest=digest, changes=changes,
                 load_value=overlay.load_value,
                 blocking=any(f.blocking for f in findings),
                 warned=any(not f.blocking for f in findings))
    return body, status


@bp.get("/<digest>")
def edit(digest: str):
    """One entry: the English source, where it appears, the Arabic (every plural form) and its history."""
    entry = _entry_or_404(digest)
    return _edit_page(entry, entry.value)


@bp.post("/<digest>")
def save(digest: str):
    """Check, then save over the shipped text; errors block, warnings need a tick to override."""
    entry = _entry_or_404(digest)
    nplurals = _catalogs().shipped()[LOCALE].num_plurals
    value = _submitted(entry, nplurals)
    findings = review(entry.msgid, value, LOCALE, nplurals)
    if any(f.blocking for f in findings):
        return _edit_page(entry, value, findings, status=400)
    if any(not f.blocking for f in findings) and not request.form.get("accept_warnings"):
        return _edit_page(entry, value, findings, status=400)
    expected = request.form.get("row_version", "")
    try:
        overlay.save(LOCALE, entry.key, value, editor.source_of(entry), current_staff().username,
                     whole_number(expected, default=-1))
    except overlay.Conflict as conflict:
        fresh = _entry_or_404(digest)
        return _edit_page(fresh, value, findings, conflict=conflict, status=409)
    flash(gettext("Saved. The kiosk shows the new text within a few seconds."))
    return redirect(url_for("translations.edit", digest=digest), code=303)


@bp.get("/history")
def history():
    """The latest changes by every staff member, each with a revert button."""
    with current_app.extensions["kiosk_db"].reader() as session:
        changes = overlay.history(session, LOCALE, limit=100)
    return _page("staff/translations/history.html", changes=changes, load_value=overlay.load_value,
                 digest=lambda change: key_hash(LOCALE, change.msgid))


@bp.post("/history/<int:change_id>/revert")
def revert(change_id: int):
    """Put back what a change replaced, as a new recorded change."""
    back = request.form.get("back", "")
    history_url = url_for("translations.history")
    target = safe_next(back, history_url) if back.startswith("/staff/translations") else history_url
    try:
        overlay.revert(change_id, current_staff().username)
    except LookupError:
        abort(404)
    except overlay.Conflict:
        flash(gettext("This change was not reverted: the text has changed since. Look at the latest "
                      "change first."), "error")
        return redirect(target, code=303)
    flash(gettext("Reverted. The kiosk shows the earlier text within a few seconds."))
    return redirect(target, code=303)



@bp.errorhandler(OperationalError)
def database_unavailable(_error):
    """The database is locked or gone: say so plainly; the browser's Back button still holds the text."""
    return _page("staff/translations/unavailable.html"), 503


from . import batch  # noqa: E402,F401  (adds the page-of-entries routes to bp)
