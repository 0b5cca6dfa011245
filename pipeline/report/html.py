"""HTML building blocks of the report: one self-contained page, text escaped, no scripts, no links out."""
from __future__ import annotations

import base64
from html import escape
from numbers import Real

import pandas as pd

# Fonts with Chinese on common systems, after the embedded one (``font_face``), for characters it lacks
FALLBACK_FONTS = ('"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", '
                  'sans-serif')
STYLE = """
body { font-family: FONTS; margin: 0 auto; max-width: 1320px; padding: 1.5rem 2rem; color: #1f2933;
       line-height: 1.45; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #3b7dbf; padding-bottom: 0.2rem; margin-top: 2.5rem; }
nav a { margin-right: 1.2rem; color: #3b7dbf; text-decoration: none; }
.meta, .note { color: #616e7c; font-size: 0.92rem; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #d9e2ec; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f0f4f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
.ok { color: #2f8132; } .problem { color: #b42318; }
.cols { display: flex; gap: 2.5rem; flex-wrap: wrap; align-items: flex-start; }
""".replace("FONTS", FALLBACK_FONTS)


def font_face(family: str, woff2: bytes) -> str:
    """CSS: the font inline as a data: URL under ``family``, first in the page's font list.

    Under the very name the pictures' SVG text asks for, it also draws their labels."""
    data = base64.b64encode(woff2).decode("ascii")
    return (f'@font-face {{ font-family: "{family}"; src: url(data:font/woff2;base64,{data}) format("woff2"); }}\n'
            f'body {{ font-family: "{family}", {FALLBACK_FONTS}; }}\n')


def page(title: str, meta: str, nav: list[tuple[str, str]], sections: list[str], fonts: str = "") -> str:
    """The whole document; ``fonts``: CSS from ``font_face`` (after the style, so its font list wins)."""
    links = "".join(f'<a href="#{escape(anchor)}">{escape(label)}</a>' for anchor, label in nav)
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{STYLE}{fonts}</style>\n</head>\n<body>\n"
            f"<h1>{escape(title)}</h1>\n<p class=\"meta\">{meta}</p>\n<nav>{links}</nav>\n"
            + "\n".join(sections) + "\n</body>\n</html>\n")


def section(anchor: str, heading: str, *parts: str) -> str:
    return f'<section id="{escape(anchor)}">\n<h2>{escape(heading)}</h2>\n' + "\n".join(parts) + "\n</section>"


def paragraph(text: str, css: str = "note") -> str:
    return f'<p class="{css}">{escape(text)}</p>'


def figure(svg: str, caption: str) -> str:
    return f"<figure>\n{svg}\n<figcaption class=\"note\">{escape(caption)}</figcaption>\n</figure>"


def table(frame: pd.DataFrame, table_id: str = "", headers: dict[str, str] | None = None) -> str:
    """A frame as an HTML table; numbers right-aligned, floats to 3 decimals, every cell escaped."""
    headers = headers or {}
    head = "".join(f"<th>{escape(headers.get(c, str(c)))}</th>" for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False):
        cells = []
        for value in values:
            numeric = isinstance(value, Real) and not isinstance(value, bool) and type(value).__name__ != "bool_"
            text = f"{value:.3f}" if isinstance(value, float) else ("" if value is None else str(value))
            cells.append(f'<td class="num">{escape(text)}</td>' if numeric else f"<td>{escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    ident = f' id="{escape(table_id)}"' if table_id else ""
    return f"<table{ident}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"
