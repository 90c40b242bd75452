"""review.html: one self-contained page (images inline as data: URIs), opened straight from disk."""
from __future__ import annotations

import base64
from html import escape

from . import CopyReview, PageImage, Review

_STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; background: #f4f4f2; }
h1 { font-size: 1.4em; margin: 0 0 .3em; }
.summary { margin: 0 0 1.2em; }
.notes { color: #8a5a00; }
.copies { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 14px; }
.copy { background: #fff; border: 1px solid #ccc; border-radius: 6px; padding: 10px 12px; }
.copy.changed, .copy.new { border: 3px solid #d02020; }
.copy h2 { font-size: 1.05em; margin: 0 0 .4em; display: flex; gap: .6em; align-items: baseline; }
.badge { font-size: .75em; padding: 1px 7px; border-radius: 9px; background: #ddd; text-transform: uppercase; }
.changed .badge, .new .badge { background: #d02020; color: #fff; }
.facts { color: #555; margin: 0 0 .5em; }
.pages { display: flex; gap: 10px; flex-wrap: wrap; align-items: flex-start; }
figure { margin: 0; }
figcaption { font-size: .8em; color: #666; }
img.thumb { border: 1px solid #bbb; display: block; }
img.window { border: 1px dashed #888; display: block; max-width: 260px; height: auto; }
.diff img.thumb { border: 2px solid #d02020; }
.warnings { margin: .5em 0 0; padding-left: 1.2em; color: #9a3b00; }
.removed { color: #d02020; }
"""


def render_html(review: Review) -> str:
    """The review as one self-contained HTML page."""
    changed = len(review.changed)
    title = f"Review of {review.letter}: {len(review.copies)} copies"
    summary = f"{len(review.copies)} copies in <code>{escape(str(review.out))}</code>"
    if review.old is not None:
        summary += (f", compared with <code>{escape(str(review.old))}</code>: "
                    f"<strong>{changed} changed or new</strong>, {len(review.removed)} removed")
    warned = sum(1 for c in review.copies if c.warnings)
    summary += f"; {warned} with warnings."
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="summary">{summary}</p>',
    ]
    for note in review.notes:
        parts.append(f'<p class="notes">{escape(note)}</p>')
    if review.removed:
        parts.append('<p class="removed">Removed since the older build: '
                     + ", ".join(f"<code>{escape(name)}</code>" for name in review.removed) + "</p>")
    parts.append('<main class="copies">')
    parts.extend(_copy(copy) for copy in review.copies)
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def _copy(copy: CopyReview) -> str:
    status = copy.status
    classes = "copy" + (f" {status}" if status else "")
    badge = f'<span class="badge">{escape(status)}</span>' if status else ""
    figures = [_figure(copy.first, "first page", copy.file)]
    if copy.last.number != copy.first.number:
        figures.append(_figure(copy.last, f"signature page ({copy.last.number})", copy.file))
    if copy.window is not None:
        figures.append(_figure(copy.window, "in the envelope window", copy.file, css="window"))
    html = [f'<section class="{classes}" id="{escape(copy.file)}" data-file="{escape(copy.file)}">',
            f"<h2><span>{escape(copy.file)}</span>{badge}</h2>",
            f'<p class="facts">recipient <strong>{escape(copy.recipient)}</strong> · language '
            f"<strong>{escape(copy.language)}</strong> · {copy.pages} page{'s' if copy.pages != 1 else ''}</p>",
            '<div class="pages">' + "".join(figures) + "</div>"]
    if copy.differences:
        html.append('<p class="facts">What changed (differing pixels in red):</p><div class="pages diff">'
                    + "".join(_figure(page, f"page {page.number}: {page.note}", copy.file)
                              for page in copy.differences) + "</div>")
    elif status == "changed":
        html.append('<p class="facts">The file changed but no page looks different.</p>')
    if copy.warnings:
        html.append('<ul class="warnings">' + "".join(f"<li>{escape(w)}</li>" for w in copy.warnings) + "</ul>")
    html.append("</section>")
    return "\n".join(html)


def _figure(page: PageImage, caption: str, file: str, css: str = "thumb") -> str:
    source = "data:image/png;base64," + base64.b64encode(page.png).decode("ascii")
    return (f'<figure><img class="{css}" src="{source}" width="{page.width}" height="{page.height}" '
            f'alt="{escape(file)}: {escape(caption)}"><figcaption>{escape(caption)}</figcaption></figure>')
