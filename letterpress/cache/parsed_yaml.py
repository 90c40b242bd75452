"""Parsed YAML kept between runs, by the hash of its text: a warm build neither imports PyYAML
nor parses a file it has read before.

Values are kept in ``marshal`` form, tied to the Python version, which is part of the store's
name. What a value may hold is up to the caller: :mod:`letterpress.project.yamlfile` encodes
its located values into plain tuples; packaged configuration is plain already.
"""
from __future__ import annotations

import hashlib
import marshal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .context import CacheContext

YAML_FORMAT = 1  # how a parsed text is kept: a marshal value per text, in the yaml store


def _store(cache: "CacheContext | None"):
    """The yaml store of ``cache``. None: the context the build made active, else the
    environment's (:func:`.context.current`): packaged YAML (page layouts, fonts.yaml, letter
    forms) is read through memoized functions (``load_layout(name)``, ``letter_form(language)``)
    that every stage reaches from a document or a language alone, and whose memo serves every
    build of the process; no caller of them has a context to pass."""
    from .context import current
    from .seal import MARSHAL

    return (cache if cache is not None else current()).store("yaml", f"{YAML_FORMAT}-{MARSHAL}")


def key(kind: str, line_offset: int, text: str) -> str:
    """The entry of ``text`` parsed as ``kind``, its lines counted from ``line_offset``. ``kind``
    names the form the caller encodes its values in, with that form's version."""
    return hashlib.sha256(f"{kind}:{line_offset}:{text}".encode()).hexdigest()[:32]


def cached(entry: str, cache: "CacheContext | None" = None) -> Any:
    """The value kept under ``entry`` in ``cache``'s yaml store, or None."""
    value = _store(cache).get(entry)
    if value is None:
        return None
    try:
        return marshal.loads(value)
    except (ValueError, EOFError, TypeError):
        return None


def remember(entry: str, value: Any, cache: "CacheContext | None" = None) -> None:
    """Keep ``value`` (plain values only: ``ValueError`` otherwise) in ``cache``'s yaml store at
    the next cache flush. None is not kept: it would read back as a miss and be written again on
    every run."""
    if value is not None:
        _store(cache).put_later(entry, marshal.dumps(value))


def safe_loader():
    """PyYAML's safe loader, in libyaml's C form when PyYAML was built with it (several times
    faster on large rosters: benchmarks/design_costs.py; the same safe constructor). PyYAML is imported only when a text is parsed."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_plain_yaml(path: Path) -> Any:
    """A packaged YAML file (page layouts, font configuration) as plain values, loaded with
    PyYAML's safe loader (libyaml's when built with it) the first time only."""
    text = path.read_text("utf-8")
    entry = key("plain", 0, text)
    value = cached(entry)
    if value is not None:
        return value
    import yaml

    value = yaml.load(text, Loader=safe_loader())
    try:
        remember(entry, value)
    except ValueError:
        pass  # not plain (a date, say): parsed again next time
    return value
