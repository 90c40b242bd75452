"""Choosing faces: for each language and style, an ordered fallback chain.

``fonts/fonts.yaml`` lists families per language (CJK), per script (Arabic,
Hebrew, Devanagari, Thai ...: a language takes its script's list, see
``letterpress.text.script_of``) and one list for every Latin/Greek/Cyrillic language;
the first installed family that covers the language's sample text wins, a
letter's own families first.  Han characters get the glyphs of their language
because ja, zh-Hans, zh-Hant and ko each choose their own regional face.  Then
come the fallback families, for characters the language's face lacks, and one
face for every script ``fonts.yaml`` lists, so a character of any of those
scripts finds a face in any copy.  CJK has no italics: emphasis is set in bold,
synthesised with a stroke where the family has no bold.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Sequence

from ..cache.memo import memoized
from ..errors import InputError, Location
from ..cache.parsed_yaml import read_plain_yaml
from ..text import Style, base_language, is_cjk, script_of
from .index import FaceInfo, FontIndex

CONFIG = Path(__file__).resolve().parents[2] / "fonts" / "fonts.yaml"
_PACKAGED_CONFIG = Path(__file__).with_name("fonts.yaml")

# What "covers the language" means: these characters must all be there.
SAMPLES = {
    "ko": "가나다라한국어글월",
    "ja": "あいうえおアイウエオ日本語漢字",
    "zh-Hans": "汉语简体这们书说",
    "zh-Hant": "漢語繁體這們書說",
    "latin": "AaZzÀàÉéÑñÇçŒœ",
    # scripts (ISO 15924): the letters every text in the script needs
    "Arab": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "Hebr": "אבגדהוזחטיכךלמםנןסעפףצץקרשת",
    "Deva": "अआइउएओकखगघचजटडणतथदधनपबभमयरलवशषसह्ािीुेों",
    "Beng": "অআইউএকখগঘচজটডণতথদধনপবভমযরলশষসহ্ািীুেোং",
    "Thai": "กขคงจชซญดตถทนบปผพฟมยรลวศสหอะาำเแโใไ่้",
    "Laoo": "ກຂຄງຈສຊຍດຕຖທນບປຜຝພຟມຢຣລວຫອຮະາ",
    "Khmr": "កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអ",
    "Mymr": "ကခဂဃငစဆဇဈညဋဌဍဎဏတထဒဓနပဖဗဘမယရလဝသဟဠအ",
    "Ethi": "ሀለሐመሠረሰሸቀበተቸኀነኘአከኸወዐዘዠየደጀገጠጨጰጸፀፈፐ",
}
# Letters a language adds to its script's: a face for Arabic need not have Persian's or Urdu's.
EXTRA_SAMPLES = {"fa": "پچژگکی", "ur": "ٹڈڑںےھ", "ps": "ټځډړږښګڼ"}


@dataclass(frozen=True)
class FaceSpec:
    """A face to prepare: a face of a font file, the weight to instance it at, and how to draw it."""

    info: FaceInfo
    weight: int
    synthetic_bold: bool
    language: str

    @property
    def identity(self) -> tuple[str, int, int, bool, bool]:
        """What makes two specs the same face drawn the same way: file, face index, weight, italic, synthetic bold."""
        return (self.info.path, self.info.index, self.weight, self.info.italic, self.synthetic_bold)

    @property
    def label(self) -> str:
        """The face as ``letterpress fonts`` names it: "Noto Serif Italic 700 (synthetic bold)"."""
        text = f"{self.info.family} {'Italic ' if self.info.italic else ''}{self.weight}"
        return text + (" (synthetic bold)" if self.synthetic_bold else "")


@dataclass(frozen=True)
class Rejection:
    """A family not chosen for a language, and why ("not installed", "ranked below ...")."""

    family: str
    reason: str


@dataclass(frozen=True)
class LanguagePlan:
    """A language's choice: the family that sets it, the fallback chain per style, and the families passed over."""

    language: str
    family: str  # the family chosen for the language
    chains: Mapping[Style, tuple[FaceSpec, ...]]
    rejected: tuple[Rejection, ...]


@memoized(maxsize=1)
def load_config() -> dict:
    """``fonts.yaml``: the repository's copy when there is one, else the one packaged with letterpress."""
    path = CONFIG if CONFIG.exists() else _PACKAGED_CONFIG
    return read_plain_yaml(path)


def language_key(language: str) -> str:
    """Which list of ``fonts.yaml`` sets a language: its own (CJK), its script's, or ``latin``."""
    if language in SAMPLES:
        return language
    base = base_language(language)
    if base == "zh":
        return "zh-Hant" if script_of(language) == "Hant" else "zh-Hans"
    if base in SAMPLES:
        return base
    script = script_of(language)
    return script if script in load_config().get("scripts", {}) else "latin"


def sample_for(language: str) -> str:
    """The characters a face must have to set ``language``."""
    return SAMPLES.get(language_key(language), "") + EXTRA_SAMPLES.get(base_language(language), "")


def families_for(language: str, overrides: Mapping[str, Sequence[str]], genre: str = "serif") -> list[str]:
    """The families to try for ``language``, in order: the letter's own (``overrides``), then ``fonts.yaml``'s list."""
    config = load_config()
    key = language_key(language)
    listed = (config["languages"].get(key) or config.get("scripts", {}).get(key) or {}).get(genre, [])
    own = list(overrides.get(language, ())) + [f for f in listed if f not in overrides.get(language, ())]
    return own


def covers(faces: Sequence[FaceInfo], sample: str) -> bool:
    """Whether one of ``faces`` has every character of ``sample``."""
    return any(all(face.covers(ord(ch)) for ch in sample) for face in faces)


def face_for_style(faces: Sequence[FaceInfo], style: Style, language: str) -> FaceSpec | None:
    """The face of a family to use for a style: a real bold or italic where there is one."""
    if not faces:
        return None
    cjk = is_cjk(language)
    wants_bold = style in ("bold", "bold-italic") or (cjk and style == "italic")
    wants_italic = style in ("italic", "bold-italic") and not cjk
    target = 700 if wants_bold else 400
    pool = [f for f in faces if f.italic == wants_italic] or [f for f in faces if not f.italic] or list(faces)
    variable = [f for f in pool if f.axis("wght")]
    if variable:
        face = variable[0]
        low, _, high = face.axis("wght")
        return FaceSpec(face, int(min(max(target, low), high)), False, language)
    # The normal width first (a system with every Noto width installed lists Condensed faces at
    # weight 400 in the same family), then the nearest weight, the lighter on a tie.
    face = min(pool, key=lambda f: (abs(f.width - 5), abs(f.weight - target), f.weight))
    synthetic = wants_bold and face.weight < 600
    return FaceSpec(face, face.weight, synthetic, language)


def plan_language(language: str, index: FontIndex, overrides: Mapping[str, Sequence[str]],
                  styles: Sequence[Style], scripts: Callable[[], list[str]] | None = None) -> LanguagePlan:
    """Choose the family for ``language`` and build its fallback chain for each of ``styles``.

    The first family of :func:`families_for` that is installed and covers the language's sample wins
    (a family the letter names is taken without the coverage test).  With none, a non-Latin language
    falls back to the Latin face, so that the coverage check names the missing characters; a Latin
    language is an input error.  Each chain is the chosen face, the general fallbacks, then one face
    per script (:func:`script_families`; ``scripts``: where a caller planning several languages keeps them).
    """
    sample = sample_for(language)
    rejected: list[Rejection] = []
    chosen: str | None = None
    for family in families_for(language, overrides):
        faces = index.family(family)
        if not faces:
            rejected.append(Rejection(family, "not installed"))
            continue
        named = family in overrides.get(language, ())
        if not named and not covers(faces, sample):  # a family the letter names is taken as asked
            rejected.append(Rejection(family, f"does not cover {language} ({sample})"))
            continue
        chosen = family
        break
    if chosen is not None:  # report the rest of the list too, for `letterpress fonts`
        listed = families_for(language, overrides)
        for family in listed[listed.index(chosen) + 1:]:
            # asked without indexing the system's fonts for a report: not found there means
            # "not installed" only once they are indexed
            installed = bool(index.family(family, index_system=False)) or not index.system_indexed
            rejected.append(Rejection(family, f"ranked below {chosen}" if installed else "not installed"))
    if chosen is None and language_key(language) != "latin":
        # No family for the language's script is installed: its text is set in the Latin face and
        # the characters none has are found by the coverage check, one problem per script at its
        # first character in the input (more use than an error about fonts.yaml).
        chosen = next((family for family in load_config()["languages"]["latin"]["serif"]
                       if covers(index.family(family), SAMPLES["latin"])), None)
    if chosen is None:
        tried = ", ".join(f"{r.family} ({r.reason})" for r in rejected) or "none"
        raise InputError(
            f"no installed font covers {language}; tried: {tried}",
            location=Location(CONFIG),
            hint=f"install one of these families, or name one you have in letter.yaml under fonts: {{{language}: [Family]}}",
        )
    fallbacks = [f for f in load_config()["fallback"]["serif"] + (scripts() if scripts else script_families(index))
                 if f.casefold() != chosen.casefold()]
    # a fallback family only in the system's fonts is taken once they are indexed: when the
    # declared fonts lack a character (prepare_fonts), not for every build
    families = [(index.family(family, index_system=family == chosen),
                 language if family == chosen else _family_language(family, language))
                for family in [chosen] + fallbacks]  # looked up once for every style
    chains = {}
    for style in styles:
        chain = []
        seen = set()
        for faces, face_language in families:
            spec = face_for_style(faces, style, face_language)
            if spec is not None and spec.identity not in seen:
                chain.append(spec)
                seen.add(spec.identity)
        chains[style] = tuple(chain)
    return LanguagePlan(language, chosen, chains, tuple(rejected))


def script_families(index: FontIndex, genre: str = "serif") -> list[str]:
    """For each script ``fonts.yaml`` lists, its first installed family that covers it: so a
    character of that script, in a copy of any language, finds a face drawn for it.

    They come after the general fallbacks, whose faces have none of these scripts' letters;
    a face is only prepared for a batch when the batch has characters it draws.
    """
    found = []
    for script, lists in load_config().get("scripts", {}).items():
        for family in lists.get(genre, []):
            if covers(index.family(family), SAMPLES.get(script, "")):
                found.append(family)
                break
    return found


def _family_language(family: str, copy_language: str) -> str:
    """The language a fallback family is for (so HarfBuzz applies its locl forms)."""
    suffixes = {" KR": "ko", " JP": "ja", " SC": "zh-Hans", " TC": "zh-Hant"}
    for suffix, language in suffixes.items():
        if family.endswith(suffix):
            return language
    return copy_language if not is_cjk(copy_language) else "en"
