"""The font index: every face letterpress can find, with family, style, weight and coverage.

Sources, in order of preference: the fonts that come with letterpress's
declared dependencies, the repository's ``fonts/``, the letter project's
``fonts/``, folders the user names (``--font-dir``, ``LETTERPRESS_FONT_PATH``),
and the system's font folders (unless ``LETTERPRESS_SYSTEM_FONTS=0``).

Reading a font's cmap costs ~0.1 s for a CJK font, so entries are cached on
disk (see :mod:`.cache`) keyed by path, size and modification time: a changed
file is read again, an unchanged one never.
"""
from __future__ import annotations

import base64
import json
import os
import sys
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError, Location
from .cache import cache_dir, write_atomic

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
INDEX_VERSION = 6  # 4: coverage as base64 uint32 bounds; 5: cid_keyed; 6: coverage as code points

# Packages declared in pyproject.toml that ship default faces, and where the files are inside them.
PACKAGED = (
    ("fontpkg_noto_serif", "files"),
    ("pylopdf_fonts_ko", "."),
    ("pylopdf_fonts_jp", "."),
    ("pylopdf_fonts_zh_cn", "."),
    ("pylopdf_fonts_zh_tw", "."),
)


@dataclass(frozen=True)
class FaceInfo:
    """One face of one font file, as indexed."""

    path: str
    index: int  # face index inside a .ttc/.otc collection
    family: str
    subfamily: str
    weight: int
    italic: bool
    variable_axes: tuple[tuple[str, float, float, float], ...]  # (tag, min, default, max)
    outlines: str  # "glyf" or "CFF " or "CFF2"
    coverage: bytes  # the code points the cmap maps, sorted, as uint32
    origin: str  # "package NAME", "project", "repository", "--font-dir", "system"
    cid_keyed: bool = False  # CFF outlines keyed by CID (CJK fonts): embeddable in PDF as they are

    @cached_property
    def _codepoints(self) -> array:
        return array("I", self.coverage)

    def covers(self, codepoint: int) -> bool:
        codepoints = self._codepoints
        index = bisect_left(codepoints, codepoint)
        return index < len(codepoints) and codepoints[index] == codepoint

    def axis(self, tag: str) -> tuple[float, float, float] | None:
        for axis_tag, minimum, default, maximum in self.variable_axes:
            if axis_tag == tag:
                return minimum, default, maximum
        return None

    @property
    def label(self) -> str:
        return f"{self.family} {self.subfamily}".strip()


def _coverage(codepoints: Iterable[int]) -> bytes:
    """The code points, sorted, as uint32 bytes: built and searched at C speed (a CJK font maps
    ~30,000 code points in ~30,000 ranges, so ranges saved nothing and cost a Python loop)."""
    return array("I", sorted(codepoints)).tobytes()


def read_faces(path: Path, origin: str) -> list[FaceInfo]:
    """Every face in one font file (several for a collection)."""
    import uharfbuzz as hb
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    try:
        blob = hb.Blob.from_file_path(str(path))
        if path.suffix.lower() in (".ttc", ".otc"):
            fonts = list(TTCollection(str(path), lazy=True).fonts)
        else:
            fonts = [TTFont(str(path), lazy=True)]
    except (TTLibError, OSError, AssertionError, ValueError, KeyError, IndexError) as exc:
        raise InputError(f"cannot read the font file {path}: {exc}", location=Location(path),
                         hint="replace the file with a valid TrueType/OpenType font, or remove it") from None
    faces = []
    for index, font in enumerate(fonts):
        try:
            names = font["name"]
            family = names.getDebugName(16) or names.getDebugName(1) or path.stem
            subfamily = names.getDebugName(17) or names.getDebugName(2) or ""
            os2 = font["OS/2"] if "OS/2" in font else None
            weight = int(os2.usWeightClass) if os2 else 400
            italic = bool(font["head"].macStyle & 2) or "italic" in subfamily.lower() or \
                (os2 is not None and bool(os2.fsSelection & 1))
            axes = ()
            if "fvar" in font:
                axes = tuple((a.axisTag, float(a.minValue), float(a.defaultValue), float(a.maxValue))
                             for a in font["fvar"].axes)
            outlines = "glyf" if "glyf" in font else ("CFF2" if "CFF2" in font else "CFF ")
            cid_keyed = outlines == "CFF " and _cff_is_cid_keyed(font)
            # HarfBuzz reads a CJK cmap in 0.1 ms where fontTools takes ~100 ms.
            codepoints = hb.Face(blob, index).unicodes
        except Exception as exc:  # a damaged table: the user's font, the user's fix
            raise InputError(f"cannot read the font file {path}: {type(exc).__name__}: {exc}",
                             location=Location(path),
                             hint="replace the file with a valid TrueType/OpenType font, or remove it") from None
        faces.append(FaceInfo(str(path), index, family.strip(), subfamily.strip(), weight, italic, axes, outlines,
                              _coverage(codepoints), origin, cid_keyed))
    return faces


class _AnyString:
    """Stands in for the CFF string table: the top DICT is read only for which operators it has."""

    def __getitem__(self, sid: int) -> int:
        return sid


def _cff_index(data: bytes, pos: int) -> tuple[list[bytes], int]:
    """The entries of the CFF INDEX at ``pos``, and where the next structure starts."""
    count = int.from_bytes(data[pos:pos + 2], "big")
    if count == 0:
        return [], pos + 2
    size = data[pos + 2]
    offsets = [int.from_bytes(data[pos + 3 + i * size:pos + 3 + (i + 1) * size], "big") for i in range(count + 1)]
    base = pos + 3 + (count + 1) * size - 1
    return [data[base + offsets[i]:base + offsets[i + 1]] for i in range(count)], base + offsets[-1]


def _cff_is_cid_keyed(font) -> bool:
    """Whether the font's CFF top DICT has the ROS operator.

    Read by hand from the table's first bytes: fontTools parses the whole CFF table to answer,
    ~70 ms for a CJK font, which a cold index would pay for every face.
    """
    from fontTools.cffLib import TopDictDecompiler

    try:
        entry = font.reader.tables["CFF "]
        font.reader.file.seek(entry.offset)
        head = font.reader.file.read(min(entry.length, 8192))
        _names, pos = _cff_index(head, head[2])
        tops, _ = _cff_index(head, pos)
        decompiler = TopDictDecompiler(_AnyString())
        decompiler.decompile(tops[0])
        return "ROS" in decompiler.getDict()
    except Exception:  # an unusual layout: treat it as name-keyed, which converts to TrueType
        return False


def packaged_dirs() -> list[tuple[Path, str]]:
    import importlib.util

    found = []
    for module, sub in PACKAGED:
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.submodule_search_locations:
            continue
        base = Path(next(iter(spec.submodule_search_locations)))
        found.append(((base / sub).resolve(), f"package {module}"))
    return found


def system_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform == "darwin":
        candidates = [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts"]
    elif os.name == "nt":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData/Local"))
        candidates = [windir / "Fonts", local / "Microsoft/Windows/Fonts"]
    else:
        data_home = Path(os.environ.get("XDG_DATA_HOME", home / ".local/share"))
        candidates = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), data_home / "fonts", home / ".fonts"]
    return [path for path in candidates if path.is_dir()]


def font_files(directory: Path) -> Iterator[Path]:
    for root, _, files in os.walk(directory):
        for name in sorted(files):
            if name.lower().endswith(FONT_SUFFIXES):
                yield Path(root) / name


class FontIndex:
    """The faces found in a list of (folder, origin) sources, cached on disk between runs."""

    def __init__(self, sources: list[tuple[Path, str]], cache: Path | None = None):
        self.sources = sources
        self._cache_file = (cache or cache_dir()) / f"index-v{INDEX_VERSION}.json"
        self._faces: list[FaceInfo] | None = None

    @property
    def faces(self) -> list[FaceInfo]:
        if self._faces is None:
            self._faces = self._load()
        return self._faces

    def _load(self) -> list[FaceInfo]:
        try:
            cached = json.loads(self._cache_file.read_text("utf-8"))
        except (OSError, ValueError):
            cached = {}
        entries: dict[str, dict] = dict(cached)  # other projects' entries stay cached too
        faces: list[FaceInfo] = []
        changed = False
        seen: set[str] = set()
        for directory, origin in self.sources:
            for path in font_files(directory):
                key = str(path.resolve())
                if key in seen:
                    continue
                seen.add(key)
                try:
                    stat = path.stat()
                except OSError:
                    continue
                stamp = [stat.st_size, stat.st_mtime_ns]
                entry = cached.get(key)
                if entry is None or entry["stamp"] != stamp:
                    entry = {"stamp": stamp, "faces": [_face_to_json(f) for f in read_faces(path, origin)]}
                    changed = True
                entries[key] = entry
                for face in entry["faces"]:
                    faces.append(_face_from_json(face, origin))
        for key in [k for k in entries if k not in seen and not Path(k).exists()]:
            del entries[key]
            changed = True
        if changed:
            write_atomic(self._cache_file, json.dumps(entries).encode("utf-8"))
        return faces

    def family(self, name: str) -> list[FaceInfo]:
        wanted = name.casefold()
        return [face for face in self.faces if face.family.casefold() == wanted]


def _face_to_json(face: FaceInfo) -> dict:
    # not dataclasses.asdict: it deep-copies the coverage
    return {"path": face.path, "index": face.index, "family": face.family, "subfamily": face.subfamily,
            "weight": face.weight, "italic": face.italic, "variable_axes": face.variable_axes,
            "outlines": face.outlines, "coverage": base64.b64encode(face.coverage).decode("ascii"),
            "cid_keyed": face.cid_keyed}


def _face_from_json(data: dict, origin: str) -> FaceInfo:
    return FaceInfo(
        path=data["path"], index=data["index"], family=data["family"], subfamily=data["subfamily"],
        weight=data["weight"], italic=data["italic"],
        variable_axes=tuple(tuple(axis) for axis in data["variable_axes"]),
        outlines=data["outlines"], coverage=base64.b64decode(data["coverage"]), origin=origin,
        cid_keyed=data["cid_keyed"],
    )
