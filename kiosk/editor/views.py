"""The staff translation editor at /staff/translations: list, edit with checks, history and revert."""
from __future__ import annotations

import unicodedata

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext
from sqlalchemy.exc import OperationalError

from .. import db, extensions
from ..i18n import glossary, overlay
from ..i18n.catalogs import Catalogs
from ..i18n.models import key_hash
from ..routing import whole_number
from ..staff import audit, roles
from ..staff.auth import current_staff, protect, safe_next, staff_page
from . import entries as editor
from . import places, policy

# Every route needs a signed-in translator or admin: the editor changes what every kiosk screen shows.
bp = protect(Blueprint("translations", __name__, url_prefix="/staff/translations"), allow=(roles.TRANSLATOR,))
LOCALE = "ar"  # the catalog staff edit; English is the source language
PER_PAGE = 25


def _catalogs() -> Catalogs:
    return extensions.catalogs()


def _page(template: str, **context):
    return staff_page(template, **context)


def nplurals() -> int:
    return _catalogs().shipped()[LOCALE].num_plurals


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


def version(raw: str) -> int:
    """The row version a form was made from; anything else can only conflict."""
    return whole_number(raw, default=-1)


def _submitted(entry: editor.Entry, nplurals: int):
    if entry.plural:
        return tuple(clean(request.form.get(f"form-{index}", "")) for index in range(nplurals))
    return clean(request.form.get("msgstr", ""))


def _edit_page(entry: editor.Entry, value, outcome: policy.Outcome | None = None, status: int = 200):
    catalog = _catalogs().shipped()[LOCALE]
    digest = key_hash(LOCALE, entry.key)
    with extensions.database().reader() as session:
        changes = overlay.history(session, LOCALE, entry.key, limit=20)
    labels = editor.plural_labels(catalog) if entry.plural else []
    outcome = outcome or policy.Outcome("shown")
    body = _page("staff/translations/edit.html", entry=entry, place=places.place, path=editor.location_name,
                 value=value, findings=outcome.findings,
                 conflict=outcome.conflict, labels=labels, digest=digest, changes=changes,
                 load_value=overlay.load_value, terms=glossary.for_entry(entry.msgid, value),
                 blocking=outcome.blocking,
                 warned=outcome.warned)
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
    value = _submitted(entry, nplurals())
    staff = current_staff()
    outcome = policy.submit(entry, value, locale=LOCALE, nplurals=nplurals(), by=staff.username,
                            expected_version=version(request.form.get("row_version", "")),
                            accept_warnings=bool(request.form.get("accept_warnings")), role=staff.role)
    if outcome.kind == "held":
        return _edit_page(entry, value, outcome, status=400)
    if outcome.kind == "conflict":
        fresh = _entry_or_404(digest)
        return _edit_page(fresh, value, outcome, status=409)
    if outcome.kind == "proposed":
        flash(gettext("Sent for approval. The kiosk shows your text once an administrator approves it."))
    else:
        flash(gettext("Saved. The kiosk shows the new text within a few seconds."))
    return redirect(url_for("translations.edit", digest=digest), code=303)


@bp.get("/history")
def history():
    """The latest changes by every staff member, each with a revert button."""
    with extensions.database().reader() as session:
        changes = overlay.history(session, LOCALE, limit=100)
    return _page("staff/translations/history.html", changes=changes, load_value=overlay.load_value,
                 digest=lambda change: key_hash(LOCALE, change.msgid))


@bp.post("/history/<int:change_id>/revert")
@roles.allow(roles.ADMIN)  # a revert changes the live text at once: an admin's decision
def revert(change_id: int):
    """Put back what a change replaced, as a new recorded change."""
    back = request.form.get("back", "")
    history_url = url_for("translations.history")
    target = safe_next(back, history_url) if back.startswith("/staff/translations") else history_url
    try:
        with db.transaction() as session:  # the reverted text and its audit entry: both, or neither
            change = overlay.revert(change_id, current_staff().username, session=session)
            audit.record("translation_revert", None, change.msgid.split("\x04")[-1].split("\x1f")[0][:80],
                         session=session)
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
