"""Pictures of the results: each a standalone function of tidy DataFrames returning a Figure.

Used by the HTML report (as inline SVG whose labels stay text, so the browser draws the
Chinese with its own fonts) and by the notebooks (shown inline). Nothing here computes
analysis results; the hierarchical clustering that orders the roles is
``role_linkage`` in ``pipeline.report.data``.
"""
from __future__ import annotations

import io
import logging
import re
from functools import lru_cache
from importlib import resources

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from scipy.cluster import hierarchy

from ..analyze.columns import SUPPORT_COLUMNS

log = logging.getLogger(__name__)

# The font pictures are drawn in: WenQuanYi Micro Hei, installed by pip with the project (a
# dependency in pyproject.toml), so pictures are right on a machine with no Chinese font at all.
PACKAGED_FONT = ("paperang_p2_fonts_cjk", "fonts/wqy-microhei.ttc")
# Installed fonts with simplified Chinese, tried when the packaged one is missing (a trimmed
# install), best first; macOS and Windows names last.
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
             "Droid Sans Fallback", "AR PL UMing CN", "PingFang SC", "Heiti SC", "Hiragino Sans GB",
             "Microsoft YaHei", "SimHei", "Arial Unicode MS")
CJK_FILE_HINT = re.compile(r"cjk|wqy|wenquanyi|droidsansfallback|uming|ukai|sourcehan|simhei|msyh|pingfang", re.I)
SAMPLE = "岗位职责客服经理"
CMAP = "YlGnBu"


def packaged_font_path() -> str | None:
    """The file of the font the project installs, None when that package is missing."""
    package, name = PACKAGED_FONT
    try:
        path = resources.files(package) / name
    except ModuleNotFoundError:
        return None
    return str(path) if path.is_file() else None


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The name of a font with Chinese glyphs, registered with matplotlib; None if none.

    The packaged font first, then matplotlib's font list, then the system font folders (the
    cached list may predate a font installed since)."""
    packaged = packaged_font_path()
    if packaged is None:
        known = {f.name for f in font_manager.fontManager.ttflist}
        for name in CJK_FONTS:
            if name in known:
                return name
    candidates = [packaged] if packaged else []
    candidates += [p for p in sorted(font_manager.findSystemFonts())
                   if CJK_FILE_HINT.search(p.replace("-", "").replace("_", ""))]
    for path in candidates:
        try:
            font_manager.fontManager.addfont(path)
            name = font_manager.FontProperties(fname=path).get_name()
        except (OSError, RuntimeError, ValueError):
            continue
        if _has_chinese(path):
            return name
    log.warning("no font with Chinese characters found: labels in pictures may show as boxes "
                "(reinstall the project: pip install -e .)")
    return None


def _has_chinese(path: str) -> bool:
    try:
        charmap = FT2Font(path).get_charmap()
    except (OSError, RuntimeError, ValueError):
        return False
    return all(ord(c) in charmap for c in SAMPLE)


def use_cjk_font() -> str | None:
    """Put a Chinese font first in matplotlib's sans-serif list (idempotent); returns its name."""
    name = cjk_font()
    rc = matplotlib.rcParams
    families = list(rc["font.sans-serif"])
    if name and families[:1] != [name]:
        rc["font.sans-serif"] = [name, *[f for f in families if f != name]]
    rc["font.family"] = "sans-serif"
    rc["axes.unicode_minus"] = False
    return name


def similarity_heatmap(similarity: pd.DataFrame, linkage: np.ndarray | None = None,
                       title: str = "角色相似度 role similarity (cosine of class TF-IDF profiles)") -> Figure:
    """Role x role similarity, rows and columns in dendrogram order, the dendrogram on the left
    (the diagonal is grey: a role's similarity to itself says nothing).

    ``similarity``: square frame indexed and columned by role; ``linkage``: a scipy linkage
    matrix over its rows (``pipeline.report.data.role_linkage``); without it, the given order."""
    use_cjk_font()
    n = len(similarity)
    side = min(22.0, max(6.0, 0.19 * n + 3.0))
    fig = Figure(figsize=(side + 2.0, side))
    has_tree = linkage is not None and n > 2
    left = 0.17 if has_tree else 0.03
    ax_heat = fig.add_axes((left + 0.01, 0.16, 0.66 - left + 0.12, 0.78))
    order = list(range(n))
    if has_tree:
        ax_tree = fig.add_axes((0.02, 0.16, left - 0.02, 0.78))
        tree = hierarchy.dendrogram(linkage, orientation="left", no_labels=True, ax=ax_tree,
                                    color_threshold=0, above_threshold_color="#555555")
        order = tree["leaves"]
        ax_tree.set_ylim(0, 10 * n)
        ax_tree.axis("off")
    matrix = similarity.to_numpy(dtype=float)[np.ix_(order, order)].copy()
    np.fill_diagonal(matrix, np.nan)  # self-similarity (1) would swamp the colour scale
    roles = similarity.index.to_numpy()[order]
    cmap = matplotlib.colormaps[CMAP].with_extremes(bad="#d9d9d9")
    vmax = max(0.3, float(np.nanmax(matrix))) if n > 1 else 1.0
    image = ax_heat.imshow(matrix, cmap=cmap, vmin=0, vmax=vmax, origin="lower", aspect="auto", extent=(0, n, 0, n),
                           interpolation="nearest")
    ticks = np.arange(n) + 0.5
    cell_numbers(ax_heat, matrix, lambda v: f"{v:.2f}".lstrip("0") if v >= SHOWN_COSINE else "", vmax)
    ax_heat.set_yticks(ticks, roles, fontsize=_label_size(n))
    ax_heat.yaxis.tick_right()
    ax_heat.set_xticks(ticks, roles, rotation=90, fontsize=_label_size(n))
    ax_heat.tick_params(length=0)
    ax_heat.set_title(title, fontsize=12, loc="left")
    bar = fig.add_axes((0.92, 0.16, 0.015, 0.3))
    fig.colorbar(image, cax=bar, label="cosine")
    return fig


SHOWN_COSINE = 0.05  # cosines below this are left blank in the heatmap's cells (most pairs of a big corpus)


def cell_numbers(ax, matrix: np.ndarray, text, vmax: float, centred: bool = True) -> None:
    """Each cell's number written in it (``text(value)``; empty: none), white on dark cells;
    font size from the cell count, so a big grid stays legible when zoomed (SVG text is vector).
    The Chinese font is named alone (the page embeds it, digits too): each SVG text stays short."""
    family = {"family": cjk_font()} if cjk_font() else {}
    rows, columns = matrix.shape
    size = max(3.0, min(9.0, 260.0 / max(rows, columns, 1)))
    offset = 0.5 if centred else 0.0
    for (i, j), value in np.ndenumerate(matrix):
        label = "" if np.isnan(value) else text(value)
        if label:
            # inside the axes by construction: leaving it out of the tight-bbox layout spares a
            # second measuring of every number (most of a big grid's drawing time)
            ax.text(j + offset, i + offset, label, ha="center", va="center", fontsize=size, **family,
                    color="white" if value > 0.6 * vmax else "#1f2933", in_layout=False)


def _label_size(n: int) -> float:
    return 9.0 if n <= 30 else 8.0 if n <= 60 else 6.5


def role_theme_heatmap(role_themes: pd.DataFrame, roles: list[str] | None = None,
                       title: str = "各角色的职责主题 themes per role (share of the role's distinct duties)") -> Figure:
    """Role x theme shares (``role_themes``: indexed by role, one column per theme ``"N label"``),
    rows in the order of ``roles`` (top to bottom), columns labelled by theme number and first terms."""
    use_cjk_font()
    shares = theme_shares(role_themes, roles)
    n_roles, n_themes = shares.shape
    fig = Figure(figsize=(min(24.0, max(7.0, 0.42 * n_themes + 4.0)), min(24.0, max(3.0, 0.2 * n_roles + 2.5))))
    ax = fig.add_subplot()
    image = ax.imshow(shares.to_numpy(dtype=float), cmap=CMAP, vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    cell_numbers(ax, shares.to_numpy(dtype=float), lambda v: f"{v:.0%}".rstrip("%") if v >= 0.005 else "", 1.0,
                 centred=False)
    ax.set_yticks(np.arange(n_roles), shares.index, fontsize=_label_size(n_roles))
    ax.set_xticks(np.arange(n_themes), [short_theme(c) for c in shares.columns], rotation=60, ha="right",
                  fontsize=9, rotation_mode="anchor")
    ax.tick_params(length=0)
    ax.set_title(title, fontsize=12, loc="left")
    fig.colorbar(image, ax=ax, fraction=0.025, pad=0.01, label="share")
    fig.tight_layout()
    return fig


def theme_shares(role_themes: pd.DataFrame, roles: list[str] | None = None) -> pd.DataFrame:
    """The theme columns of ``role_themes`` (not its support columns), rows ``roles``."""
    shares = role_themes.drop(columns=[c for c in SUPPORT_COLUMNS if c in role_themes.columns])
    return shares.loc[roles] if roles is not None else shares


def short_theme(column: str, terms: int = 2) -> str:
    """``"3 投诉 / 处理 / 客户投诉 / 解决"`` -> ``"3 投诉/处理"``."""
    number, _, label = str(column).partition(" ")
    return f"{number} {'/'.join(t.strip() for t in label.split('/')[:terms])}".strip()


def duties_per_role(role_counts: pd.DataFrame, top: int = 25,
                    title: str = "职责最多的角色 roles with most distinct duties") -> Figure:
    """Horizontal bars: distinct duties and records per role (``role_counts``: role, records,
    distinct_duties), the ``top`` roles with most distinct duties."""
    use_cjk_font()
    table = role_counts.head(top).iloc[::-1]
    fig = Figure(figsize=(8.0, max(2.5, 0.28 * len(table) + 1.2)))
    ax = fig.add_subplot()
    ax.barh(table["role"], table["distinct_duties"], color="#3b7dbf", label="distinct duties")
    ax.barh(table["role"], table["records"], color="#f0a030", height=0.4, label="records")
    ax.set_title(title, fontsize=12, loc="left")
    ax.legend(loc="lower right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def theme_shares_bars(role_themes: pd.DataFrame, roles: list[str], min_share: float = 0.05,
                      title: str = "主题分布对比 theme shares of the compared roles") -> Figure:
    """Grouped horizontal bars: each role's share of duties per theme, for themes where one of
    ``roles`` has at least ``min_share``."""
    use_cjk_font()
    shares = theme_shares(role_themes, roles).T
    shares = shares[(shares >= min_share).any(axis=1)]
    fig = Figure(figsize=(9.0, max(3.0, 0.25 * len(shares) * max(1, len(roles)) + 1.5)))
    ax = fig.add_subplot()
    height = 0.8 / max(1, len(roles))
    y = np.arange(len(shares))
    for i, role in enumerate(roles):
        ax.barh(y + i * height, shares[role], height=height, label=role)
    ax.set_yticks(y + height * (len(roles) - 1) / 2, [short_theme(c, 3) for c in shares.index])
    ax.invert_yaxis()
    ax.set_xlabel("share of the role's distinct duties")
    ax.set_title(title, fontsize=12, loc="left")
    ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def figure_svg(fig: Figure) -> str:
    """The figure as an inline ``<svg>`` element: text kept as text, images embedded, no XML prologue."""
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "jdpipe", "svg.image_inline": True}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    return re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
