"""The trainer's handout: every stop's story, prompts and sources, as Markdown or HTML."""

from __future__ import annotations

import html
from pathlib import Path

from timeline import Stop

TITLE = "How we talked: home and work, 1970s to today"
INTRO = ("A handout for the exhibit. Each stop has its story, the questions to discuss, "
         "and where its facts come from.")


def markdown(stops: list[Stop]) -> str:
    out = [f"# {TITLE}", "", INTRO, ""]
    for n, stop in enumerate(stops, start=1):
        out += [f"## {n}. {stop.title}", "", f"*{stop.year_label} · {stop.lane.label}*", ""]
        out += [stop.story, ""]
        if stop.prompts:
            out += ["**To discuss**", ""]
            out += [f"- {p}" for p in stop.prompts]
            out.append("")
        if stop.sources:
            out += ["**Sources**", ""]
            out += [f"- {s.text}" + (f" <{s.url}>" if s.url else "") for s in stop.sources]
            out.append("")
    return "\n".join(out)


def to_html(stops: list[Stop]) -> str:
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{e(TITLE)}</title>",
           "<style>body{font-family:Georgia,serif;max-width:42em;margin:2em auto;line-height:1.5}"
           "h2{page-break-before:auto;border-top:1px solid #888;padding-top:.5em}"
           ".when{color:#555;font-style:italic}</style>",
           "</head>", "<body>", f"<h1>{e(TITLE)}</h1>", f"<p>{e(INTRO)}</p>"]
    for n, stop in enumerate(stops, start=1):
        out.append(f'<section id="{e(stop.id)}">')
        out.append(f"<h2>{n}. {e(stop.title)}</h2>")
        out.append(f'<p class="when">{e(stop.year_label)} · {e(stop.lane.label)}</p>')
        out += [f"<p>{e(p)}</p>" for p in stop.story.split("\n\n")]
        if stop.prompts:
            out.append("<h3>To discuss</h3><ul>")
            out += [f"<li>{e(p)}</li>" for p in stop.prompts]
            out.append("</ul>")
        if stop.sources:
            out.append("<h3>Sources</h3><ul>")
            for s in stop.sources:
                link = f' <a href="{e(s.url, quote=True)}">{e(s.url)}</a>' if s.url else ""
                out.append(f"<li>{e(s.text)}{link}</li>")
            out.append("</ul>")
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def write_handout(stops: list[Stop], path: Path) -> None:
    """Write the handout; the file's ending (.md or .html) chooses the format."""
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        text = markdown(stops)
    elif suffix in (".html", ".htm"):
        text = to_html(stops)
    else:
        raise ValueError(f"cannot write {path.name}: the handout is a .md or .html file")
    path.write_text(text, encoding="utf-8")
