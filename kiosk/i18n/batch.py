"""Edit a whole page of the list at once: every changed text is checked and saved on its own."""
from __future__ import annotations

import hashlib

from flask import flash, redirect, request, url_for
from flask_babel import gettext, ngettext

from ..routing import whole_number
from . import editor, overlay, places
from .review import review
from .views import LOCALE, _catalogs, _page, bp, clean, current_staff, digest, selection

# A page of article paragraphs in Arabic, percent-encoded, is larger than the kiosk's 64 KB form limit.
PAGE_FORM_LIMIT = 1024 * 1024


def fingerprint(value: str) -> str:
    """What the form was made from: an unchanged field is not saved (and so never undoes someone's edit)."""
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def _render(chosen: dict, values: dict, results: dict, status: int = 200):
    """The page's form; a held text keeps the version and fingerprint it was edited from."""
    singular = [entry for entry in chosen["entries"] if not entry.plural]
    shown = {digest(entry): fingerprint(entry.value) for entry in singular}
    versions = {digest(entry): str(entry.row_version) for entry in singular}
    for key, (kind, _detail) in results.items():
        if kind == "held":
            shown[key] = request.form.get(f"shown-{key}", shown.get(key, ""))
            versions[key] = request.form.get(f"version-{key}", versions.get(key, "0"))
    body = _page("staff/translations/batch.html", values=values, results=results, shown=shown,
                 versions=versions, place=places.place, path=editor.location_name, digest=digest, **chosen)
    return body, status


@bp.get("/page")
def batch():
    """The texts of one page of the list, each in its own Arabic field."""
    chosen = selection(request.args)
    chosen.pop("found")
    return _render(chosen, {}, {})


@bp.post("/page")
def save_batch():
    """Save every changed text that passes the checks; show the others again with what stops them."""
    request.max_content_length = PAGE_FORM_LIMIT
    chosen = selection(request.args)
    by_digest = {digest(entry): entry for entry in chosen.pop("found")}
    accept = bool(request.form.get("accept_warnings"))
    nplurals = _catalogs().shipped()[LOCALE].num_plurals
    values, results, saved = {}, {}, 0
    for name, text in request.form.items():
        if not name.startswith("msgstr-"):
            continue
        key = name.removeprefix("msgstr-")
        entry = by_digest.get(key)
        value = clean(text)
        if entry is None or entry.plural or fingerprint(value) == request.form.get(f"shown-{key}"):
            continue
        values[key] = value
        findings = review(entry.msgid, value, LOCALE, nplurals)
        if any(f.blocking for f in findings) or (findings and not accept):
            results[key] = ("held", findings)
            continue
        version = request.form.get(f"version-{key}", "")
        try:
            overlay.save(LOCALE, entry.key, value, editor.source_of(entry), current_staff().username,
                         whole_number(version, default=-1))
            saved += 1
            values.pop(key)
        except overlay.Conflict as conflict:
            results[key] = ("conflict", conflict)
    if saved:
        flash(ngettext("%(num)d text saved. The kiosk shows it within a few seconds.",
                       "%(num)d texts saved. The kiosk shows them within a few seconds.", saved))
    if not results:
        if not saved:
            flash(gettext("Nothing was changed on this page."))
        args = {k: v for k, v in (("filter", chosen["kind"]), ("q", chosen["query"]),
                                  ("page", chosen["page"])) if v}
        return redirect(url_for("translations.batch", **args), code=303)
    fresh = selection(request.args)
    fresh.pop("found")
    return _render(fresh, values, results, status=409 if any(r[0] == "conflict" for r in results.values())
                   else 400)
