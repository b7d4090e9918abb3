"""The forms the app's own pages draw, read from their HTML, and hostile fillings of them: every choice
(radio, select, checkbox, hidden field) keeps a real value, so the view runs as deep as a staff member's
submit would, while every field one can type into carries the hostile value. (A sweep that puts one value in
every field never reaches `outcome=call_back` with a hostile `callback_at`, or a real `row_version` with a
NUL in `msgstr`.)"""
from __future__ import annotations

import html.parser
from dataclasses import dataclass, field

TYPED = {"text", "search", "tel", "email", "url", "password", "number", "date", "datetime-local", "time",
         "month", "week", ""}


@dataclass
class Form:
    action: str
    typed: list[str] = field(default_factory=list)  # names one types into (input, textarea)
    fixed: dict[str, str] = field(default_factory=dict)  # hidden fields, checked boxes: their real value
    choices: dict[str, list[str]] = field(default_factory=dict)  # radio groups and selects: every value

    def fillings(self, value: str):
        """A filling per choice value (the other choices at their first), typed fields all `value`."""
        base = {**self.fixed, **{name: options[0] for name, options in self.choices.items() if options},
                **dict.fromkeys(self.typed, value)}
        yield base
        for name, options in self.choices.items():
            for option in options[1:]:
                yield {**base, name: option}


class _Parser(html.parser.HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self.form, self.select = page, [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "option" and self.select is not None:
            self.select.append(attrs.get("value", ""))
            return
        if tag == "form" and attrs.get("method", "get").lower() == "post":
            self.form = Form(attrs.get("action") or self.page)
            self.forms.append(self.form)
        if self.form is None or not attrs.get("name"):
            return
        name, kind = attrs["name"], attrs.get("type", "").lower()
        if tag == "textarea" or (tag == "input" and kind in TYPED):
            self.form.typed.append(name)
        elif tag == "input" and kind == "radio":
            self.form.choices.setdefault(name, []).append(attrs.get("value", "on"))
        elif tag == "input" and kind in ("hidden", "checkbox", "submit"):
            self.form.fixed.setdefault(name, attrs.get("value", "on"))
        elif tag == "select":
            self.select = self.form.choices.setdefault(name, [])
        elif tag == "button" and attrs.get("value") is not None:
            self.form.fixed.setdefault(name, attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def forms_of(page: str, body: str) -> list[Form]:
    """The POST forms of one page's HTML (`page`: the URL it was drawn at, for forms without an action)."""
    parser = _Parser(page)
    parser.feed(body)
    return parser.forms
