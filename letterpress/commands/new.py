"""``letterpress new DIR --languages en,ko``: scaffold a project a coordinator can fill in."""
from __future__ import annotations

import argparse
from pathlib import Path

from . import COMMANDS, path_argument
from ..errors import InputError, Location
from ..project.langtags import check_language
from ..project.markdown import TEMPLATE_MARK
from ..project.unfinished import TEMPLATE_BODY
from ..text import for_language


LETTER = """\
# The letter. Any text may be a plain string or a map from language tag to text.
id: {id}
# date: 2026-11-23      # leave out for the day of the build (SOURCE_DATE_EPOCH wins when set)
languages: [{languages}]
sender:
  name: Our Coalition
  short: Our Coalition   # one short line for the return address
  address:
    country: GB          # ISO 3166 code
    lines: [1 Example Street, London N1 1AA]
  contact: info@example.org · +44 20 0000 0000
addressee:
  name: The Addressee
  titles:
    - Title of the addressee
signatories: signatories.yaml
recipients: recipients.yaml
"""

SIGNATORIES = """\
# One entry per signatory, in the order they should appear.
- name: First Organisation
  country: GB
- name: {en: Second Organisation, fr: Deuxième organisation}
- name: A. Person
  kind: person
  title: Director
"""

RECIPIENTS = """\
# One entry per recipient; each gets a PDF per language listed.
- id: example-mission
  name: Embassy of Example
  city: London
  address:
    country: GB
    lines: [Embassy of Example, 1 Embassy Road, London SW1A 1AA]
  languages: [{languages}]
  # Any key of your own is a placeholder: ambassador: below is {{recipient.ambassador}} in the body,
  # and a recipient's salutation: (or subject:, closing:) replaces the body's for its copies.
  # ambassador: {{en: Ambassador A. Example, fr: l'Ambassadeur A. Example}}
  # salutation: "Dear Ambassador,"
"""

_GREETINGS = {
    "en": ("Dear Sir or Madam,", "Yours faithfully,"),
    "fr": ("Madame, Monsieur,", "Veuillez agréer l'expression de notre haute considération."),
    "es": ("Señora, señor:", "Atentamente,"),
    "de": ("Sehr geehrte Damen und Herren,", "Mit freundlichen Grüßen"),
    "ko": ("귀하께,", "삼가 올립니다."),
    "ja": ("拝啓", "敬具"),
    "zh": ("尊敬的先生/女士：", "此致敬礼"),
}


def register(subparsers) -> None:
    parser = subparsers.add_parser("new", help=COMMANDS["new"])
    parser.add_argument("directory", type=path_argument, metavar="DIR")
    parser.add_argument("--languages", default="en", metavar="TAGS", help="comma-separated, e.g. en,ko,fr")
    parser.set_defaults(run=run, writes="directory", elsewhere="choose another folder name for DIR")


def run(args: argparse.Namespace) -> int:
    where = Location(None)
    languages = [check_language(tag, where) for tag in args.languages.split(",") if tag.strip()]
    if not languages:
        raise InputError("--languages is empty", hint="e.g. --languages en,ko")
    target: Path = args.directory
    if target.exists() and not target.is_dir():
        raise InputError(f"{target} is a file, not a folder", location=Location(target),
                         hint="choose a new folder name for the project")
    if target.exists() and any(target.iterdir()):
        raise InputError(f"{target} exists and is not empty", location=Location(target),
                         hint="choose a new folder name")
    (target / "body").mkdir(parents=True, exist_ok=True)
    listed = ", ".join(languages)
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in target.name) or "letter"
    (target / "letter.yaml").write_text(LETTER.format(id=stem, languages=listed), "utf-8")
    for language in languages:
        salutation, closing = for_language(_GREETINGS, language, _GREETINGS["en"])
        # The mark tells 'letterpress check' the body is not written (or translated) yet.
        mark = (f"{TEMPLATE_MARK} the template; write the letter here, then delete this line"
                if language == languages[0] else
                f"{TEMPLATE_MARK} not translated yet; translate body/{languages[0]}.md into {language} "
                f"here, then delete this line")
        (target / "body" / f"{language}.md").write_text(
            TEMPLATE_BODY.format(salutation=salutation, closing=closing, mark=mark), "utf-8")
    (target / "signatories.yaml").write_text(SIGNATORIES, "utf-8")
    (target / "recipients.yaml").write_text(RECIPIENTS.format(languages=listed), "utf-8")
    print(f"created {target}: edit letter.yaml, body/*.md and the rosters, then run "
          f"'letterpress check {target}' and 'letterpress build {target}'")
    return 0
