"""The font index: every face letterpress can find, with family, style, weight and coverage.

Sources, in order of preference: the fonts that come with letterpress's
declared dependencies, the repository's ``fonts/``, the letter project's
``fonts/``, folders the user names (``--font-dir``, ``LETTERPRESS_FONT_PATH``),
and the system's font folders (unless ``LETTERPRESS_SYSTEM_FONTS=0``).

Reading a CJK font's cmap is the slow part, so each font file's faces are kept in the
``index`` store of the cache (:mod:`letterpress.cache`), stamped with the file's size and
modification time: a changed file is read again, an unchanged one never. Entries are in
``marshal`` form (coverage as raw bytes), read much faster than the JSON with base64 coverage it
replaced (benchmarks/design_costs.py measures both).
"""
from __future__ import annotations

import marshal
import os
import sys
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISLNK
from typing import Iterable, Iterator

from ..errors import InputError, Location
from ..cache import MARSHAL, CacheContext, current

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
INDEX_VERSION = 9  # 4: coverage as base64 uint32 bounds; 5: cid_keyed; 6: coverage as code points; 7: marshal;
# 8: weight as the style says (real_weight), width; 9: an entry per font file in the index store

# Packages declared in pyproject.toml that ship default faces, and where the files are inside them.
PACKAGED = (
    ("fontpkg_noto_serif", "files"),
    ("pylopdf_fonts_ko", "."),
    ("pylopdf_fonts_jp", "."),
    ("pylopdf_fonts_zh_cn", "."),
    ("pylopdf_fonts_zh_tw", "."),
    ("pylopdf_fonts_ar", "."),
    ("pylopdf_fonts_he", "."),
    ("pylopdf_fonts_hi", "."),
    ("pylopdf_fonts_th", "."),
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
    width: int = 5  # OS/2 usWidthClass: 5 normal, less is condensed
    # the file as the index found it in this run: its resolved path and (size, mtime_ns), for the
    # prepared face's cache key (not stat'ed and resolved again); empty for a face made otherwise
    file_key: str = field(default="", compare=False)
    stamp: tuple[int, ...] = field(default=(), compare=False)
    # the coverage as integers, searched by covers(): made with the face, not written into it later
    _codepoints: array = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_codepoints", array("I", self.coverage))

    def covers(self, codepoint: int) -> bool:
        """Whether the face's cmap maps ``codepoint``."""
        codepoints = self._codepoints
        index = bisect_left(codepoints, codepoint)
        return index < len(codepoints) and codepoints[index] == codepoint

    def axis(self, tag: str) -> tuple[float, float, float] | None:
        """The (min, default, max) of variation axis ``tag``, or None when the face has no such axis."""
        for axis_tag, minimum, default, maximum in self.variable_axes:
            if axis_tag == tag:
                return minimum, default, maximum
        return None

    @property
    def label(self) -> str:
        """Family and subfamily: "Noto Serif Bold"."""
        return f"{self.family} {self.subfamily}".strip()


def _coverage(codepoints: Iterable[int]) -> bytes:
    """The code points, sorted, as uint32 bytes: built and searched at C speed (a CJK font maps
    ~30,000 code points in ~30,000 ranges, so ranges saved nothing and cost a Python loop)."""
    return array("I", sorted(codepoints)).tobytes()


_REQUIRED_TABLES = {"head", "hhea", "hmtx", "maxp", "cmap"}


def read_faces(path: Path, origin: str) -> list[FaceInfo]:
    """Every face in one font file (several for a collection), read through HarfBuzz."""
    import uharfbuzz as hb

    from . import sfnt

    def unreadable(reason: str) -> InputError:
        return InputError(f"cannot read the font file {path}: {reason}", location=Location(path),
                          hint="replace the file with a valid TrueType/OpenType font, or remove it")

    try:
        with open(path, "rb") as stream:
            header = stream.read(12)
        blob = hb.Blob.from_file_path(str(path))
    except OSError as exc:
        raise unreadable(exc.strerror or str(exc)) from None
    count = int.from_bytes(header[8:12], "big") if header[:4] == b"ttcf" and len(header) == 12 else 1
    faces = []
    for index in range(count):
        face = hb.Face(blob, index)
        missing = _REQUIRED_TABLES - set(face.table_tags)
        if face.glyph_count == 0 or missing:
            raise unreadable("not a TrueType or OpenType font" if len(missing) == len(_REQUIRED_TABLES)
                             else f"no {', '.join(sorted(missing))} table")
        try:
            metrics = sfnt.metrics(face)
            family = face.get_name(16) or face.get_name(1) or path.stem
            subfamily = face.get_name(17) or face.get_name(2) or ""
            italic = bool(metrics.mac_style & 2) or "italic" in subfamily.lower() or bool(metrics.fs_selection & 1)
            weight = real_weight(metrics.weight, subfamily, metrics.fs_selection, metrics.mac_style)
            axes = tuple((axis.tag, float(axis.min_value), float(axis.default_value), float(axis.max_value))
                         for axis in face.axis_infos)
            tags = set(face.table_tags)
            outlines = "glyf" if "glyf" in tags else ("CFF2" if "CFF2" in tags else "CFF ")
            cid_keyed = outlines == "CFF " and _cff_is_cid_keyed(path, index)
            codepoints = face.unicodes
        except Exception as exc:  # a damaged table: the user's font, the user's fix
            raise unreadable(f"{type(exc).__name__}: {exc}") from None
        faces.append(FaceInfo(str(path), index, family.strip(), subfamily.strip(), weight, italic, axes,
                              outlines, _coverage(codepoints), origin, cid_keyed, metrics.width))
    return faces


def real_weight(declared: int, subfamily: str, fs_selection: int, mac_style: int) -> int:
    """The weight a face really has. Some files declare the wrong usWeightClass: Noto Serif
    Myanmar 2.001's Bold says 400, and was taken for the regular. A face whose style says bold
    (fsSelection BOLD, macStyle bold, or "Bold" in its subfamily name) is taken as at least 700;
    a declared weight outside 1..1000 as 400."""
    weight = declared if 1 <= declared <= 1000 else 400
    words = subfamily.lower().replace("-", " ").split()
    says_bold = bool(fs_selection & 0x20) or bool(mac_style & 1) or "bold" in words
    if says_bold and weight < 600:
        heavier = {"extrabold": 800, "ultrabold": 800, "black": 900, "heavy": 900}
        return max([700] + [value for word, value in heavier.items() if word in words])
    return weight


def _cff_is_cid_keyed(path: Path, index: int) -> bool:
    """Whether the face's CFF top DICT has the ROS operator (an unusual CFF counts as name-keyed,
    which is converted to TrueType: the safe side)."""
    from . import sfnt

    try:
        return sfnt.is_cid_keyed(sfnt.table_start(str(path), index, "CFF ", 8192))
    except (OSError, ValueError, IndexError, KeyError):
        return False


def packaged_dirs() -> list[tuple[Path, str]]:
    """The font folders of the installed font packages (``PACKAGED``), with their origin; packages not
    installed are skipped."""
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
    """The system's and the user's font folders on this platform that exist."""
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
    """Every font file under ``directory``, recursively (files sorted within each folder)."""
    for root, _, files in os.walk(directory):
        for name in sorted(files):
            if name.lower().endswith(FONT_SUFFIXES):
                yield Path(root) / name


class FontIndex:
    """The faces found in a list of (folder, origin) sources, cached on disk between runs.

    The system's font folders (origin ``"system"``) are indexed only when something is asked of
    them: a family no other source has (:meth:`family`), or every face (:attr:`faces`, which the
    chooser reads when the declared fonts lack a character). A build that finds what it needs in
    the packaged, repository, project and user folders never lists or reads the system's fonts:
    on a machine with hundreds of them that is most of a cold build's font work.
    """

    def __init__(self, sources: list[tuple[Path, str]], cache: CacheContext | None = None):
        self.sources = sources
        self._store = (cache or current()).store("index", f"{INDEX_VERSION}-{MARSHAL}")
        self._declared_sources = [source for source in sources if source[1] != "system"]
        self._system_sources = [source for source in sources if source[1] == "system"]
        self._declared: dict[str, list[FaceInfo]] | None = None  # casefolded family -> faces
        self._system: dict[str, list[FaceInfo]] | None = None

    @property
    def faces(self) -> list[FaceInfo]:
        """Every face of every source, the system's included (indexed now if not yet)."""
        return [face for table in (self._declared_table(), self._system_table()) for faces in table.values()
                for face in faces]

    @property
    def system_indexed(self) -> bool:
        """Whether the system's fonts are in the index (or there are none to index)."""
        return self._system is not None or not self._system_sources

    def read(self) -> "FontIndex":
        """Index the declared sources now, rather than when a family is first asked for."""
        self._declared_table()
        return self

    def index_system(self) -> None:
        """Index the system's fonts now, if not done yet."""
        self._system_table()

    def family(self, name: str, *, index_system: bool = True) -> list[FaceInfo]:
        """The faces of a family: from the declared sources when they have it, else from the
        system's fonts, which are indexed for it unless ``index_system`` is false."""
        wanted = name.casefold()
        found = self._declared_table().get(wanted)
        if found:
            return list(found)
        if self._system is None and not index_system:
            return []
        return list(self._system_table().get(wanted, ()))

    def _declared_table(self) -> dict[str, list[FaceInfo]]:
        if self._declared is None:
            self._declared = self._load(self._declared_sources)
        return self._declared

    def _system_table(self) -> dict[str, list[FaceInfo]]:
        if self._system is None:
            self._system = self._load(self._system_sources) if self._system_sources else {}
        return self._system

    def _load(self, sources: list[tuple[Path, str]]) -> dict[str, list[FaceInfo]]:
        files: list[tuple[str, Path, str, list[int]]] = []  # (key, path, origin, stamp), in order
        seen: set[str] = set()
        for directory, origin in sources:
            resolved = directory.resolve() == directory
            for path in font_files(directory):
                try:
                    stat = os.lstat(path)
                    if resolved and not S_ISLNK(stat.st_mode):
                        # a file (not a link) in a resolved folder (os.walk follows no links into
                        # folders) is its own resolved path: Path.resolve() asks each of its folders
                        key = str(path)
                    else:
                        key, stat = str(path.resolve()), path.stat()
                except OSError:
                    continue
                if key in seen:
                    continue
                seen.add(key)
                files.append((key, path, origin, [stat.st_size, stat.st_mtime_ns]))
        stored = self._store.get_many(key for key, _, _, _ in files)  # one query, not one per file
        table: dict[str, list[FaceInfo]] = {}
        read: list[tuple[str, bytes]] = []  # entries of files read now, stored together
        for key, path, origin, stamp in files:
            entry = _entry(stored.get(key))
            if entry is None or entry["stamp"] != stamp:
                entry = {"stamp": stamp, "faces": [_face_to_entry(f) for f in read_faces(path, origin)]}
                read.append((key, marshal.dumps(entry)))
            for data in entry["faces"]:
                face = _face_from_entry(data, origin, key, tuple(stamp))
                table.setdefault(face.family.casefold(), []).append(face)
        if read:
            self._store.put(read, replace=True)  # a changed file's entry replaces its old one
        return table


def _entry(stored: bytes | None) -> dict | None:
    try:
        entry = marshal.loads(stored) if stored is not None else None
    except (ValueError, EOFError, TypeError):
        return None
    return entry if isinstance(entry, dict) and "stamp" in entry and "faces" in entry else None


def _face_to_entry(face: FaceInfo) -> dict:
    # not dataclasses.asdict: it deep-copies the coverage
    return {"path": face.path, "index": face.index, "family": face.family, "subfamily": face.subfamily,
            "weight": face.weight, "italic": face.italic, "variable_axes": face.variable_axes,
            "outlines": face.outlines, "coverage": face.coverage,
            "cid_keyed": face.cid_keyed, "width": face.width}


def _face_from_entry(data: dict, origin: str, file_key: str = "", stamp: tuple[int, ...] = ()) -> FaceInfo:
    return FaceInfo(
        path=data["path"], index=data["index"], family=data["family"], subfamily=data["subfamily"],
        weight=data["weight"], italic=data["italic"],
        variable_axes=tuple(tuple(axis) for axis in data["variable_axes"]),
        outlines=data["outlines"], coverage=data["coverage"], origin=origin,
        cid_keyed=data["cid_keyed"], width=data["width"], file_key=file_key, stamp=stamp,
    )
