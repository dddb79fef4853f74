"""What a request for a second person's approval will do, said in the reader's language.

A request keeps its summary as a key and parameters (`PendingAction.summary_key`, `summary_params`), not as
sentences: the words are looked up when someone reads it, so a German lead reads German whatever language the
asker used. Each app registers its sentences where it asks (`summary_register`, module level, with
`gettext_lazy` or `ngettext_lazy(..., "count")`). Parameters are names, references and numbers as they were when
asked; a parameter that is a code (a role, a contact field) is turned into words at read time by the function
given for it. The English sentence is kept too (`summary_asked`), for a key no longer registered.
"""
from collections.abc import Callable
from typing import Any, NamedTuple

from django.utils import translation
from django.utils.functional import Promise

SUMMARIES: dict[str, tuple[Promise, dict[str, Callable[[Any], Any]]]] = {}


class Summary(NamedTuple):
    key: str
    params: dict[str, Any]


def summary_register(key: str, text: Promise, **labels: Callable[[Any], Any]) -> None:
    """`text` with %(name)s parameters; `labels[name]` turns that parameter's stored code into words."""
    SUMMARIES[key] = (text, labels)


def summary_render(key: str, params: dict[str, Any], fallback: str = "") -> str:
    """The summary in the active language; `fallback` for an unknown key or parameters that do not fit."""
    if key not in SUMMARIES:
        return fallback
    text, labels = SUMMARIES[key]
    try:
        values = {name: labels[name](value) if name in labels else value for name, value in params.items()}
        return str(text % values)
    except (KeyError, TypeError, ValueError):
        return fallback


def summary_in_english(summary: Summary) -> str:
    with translation.override("en"):
        return summary_render(summary.key, summary.params)
