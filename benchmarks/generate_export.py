"""Generate a job-board export (one posting per row) from the real pages in data/raw.

    python benchmarks/generate_export.py OUT_FILE --rows 36000 [--format jsonl|csv|parquet|xlsx] [--seed 0]

Titles, duties and demands come from the dev corpus (``generate_corpus.load_material``); each
row is a posting as scrapers leave them: a title with perks, codes or a place in it, a
description with a duty header, numbered duties (on their own lines, glued on one line, or
joined by ``<br />`` / ``_x000d_``), demands, sometimes company chrome after them, and
columns with Chinese names (公司名称, 城市, 薪资, 学历, 经验, 发布平台, 发布日期, 职位链接).
About 10% of the rows repeat an earlier posting (the same job scraped again on another day or
board), half of them with a character changed.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_corpus import VARIANT_POOL, load_material  # noqa: E402

PERKS = ["（双休）", "(五险一金)", "【急聘】", "+包住", "（周末双休+年终奖）", "", "", "", ""]
CODES = ["", "", "", "(J{n})", "-{n}"]
CITIES = ["上海", "北京", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "苏州"]
PLATFORMS = ["BOSS直聘", "前程无忧", "智联招聘", "猎聘", "拉勾"]
DEGREES = ["大专", "本科", "硕士", "不限", "高中"]
DUTY_HEADERS = ["岗位职责：", "工作内容：", "职位描述：", "【岗位职责】", "Responsibilities:"]
DEMAND_HEADERS = ["任职要求：", "岗位要求：", "任职资格：", "【任职要求】"]
CHROME = ["福利待遇：五险一金、带薪年假、节日福利", "工作时间：周一至周五 9:00-18:00", "公司介绍：我们是一家快速发展的企业。"]
JOINERS = ["\n", "", "<br />", "_x000d_\n", " "]
REPEAT_SHARE = 0.10


def posting(m, rng: random.Random, n: int) -> dict:
    title = rng.choice(m.titles) + rng.choice(PERKS) + rng.choice(CODES).format(n=10000 + n)
    joiner = rng.choice(JOINERS)
    duties = [rng.choice(m.variants) if rng.random() < 0.3 else rng.choice(m.duties) for _ in range(rng.randint(3, 8))]
    demands = rng.sample(m.requirements, min(len(m.requirements), rng.randint(2, 5)))
    parts = [rng.choice(DUTY_HEADERS), *(f"{i}、{d}；" for i, d in enumerate(duties, 1)),
             rng.choice(DEMAND_HEADERS), *(f"{i}.{d}" for i, d in enumerate(demands, 1))]
    if rng.random() < 0.3:
        parts.append(rng.choice(CHROME))
    city = rng.choice(CITIES)
    low = rng.randint(4, 20)
    return {"职位名称": title, "公司名称": f"{city}{rng.choice('华盛启明远信达')}科技有限公司", "城市": city,
            "薪资": f"{low}-{low + rng.randint(2, 10)}K", "学历": rng.choice(DEGREES), "经验": f"{rng.randint(1, 5)}年",
            "发布平台": rng.choice(PLATFORMS), "发布日期": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
            "职位链接": f"https://jobs.example.com/{n}", "职位描述": joiner.join(parts)}


def rows(count: int, seed: int = 0, raw: Path = ROOT / "data" / "raw") -> list[dict]:
    rng = random.Random(seed)
    m = load_material(raw, rng)
    made: list[dict] = []
    for n in range(count):
        if made and rng.random() < REPEAT_SHARE:  # the same job scraped again, on another board
            row = dict(rng.choice(made), 职位链接=f"https://jobs.example.com/{n}", 发布平台=rng.choice(PLATFORMS))
            if rng.random() < 0.5:
                text = row["职位描述"]
                i = rng.randrange(len(text))
                row["职位描述"] = text[:i] + "，" + text[i + 1:]
        else:
            row = posting(m, rng, n)
        made.append(row)
    return made


def write(made: list[dict], out: Path, fmt: str) -> None:
    import pandas as pd

    if fmt == "jsonl":
        with open(out, "w", encoding="utf-8") as f:
            for row in made:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        pd.DataFrame(made).to_csv(out, index=False, encoding="utf-8-sig")
    elif fmt == "parquet":
        pd.DataFrame(made).to_parquet(out)
    elif fmt == "xlsx":
        pd.DataFrame(made).to_excel(out, index=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=36_000)
    parser.add_argument("--format", choices=("jsonl", "csv", "parquet", "xlsx"), default=None,
                        help="default: from OUT's suffix")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    fmt = args.format or args.out.suffix.lstrip(".").lower()
    made = rows(args.rows, args.seed)
    write(made, args.out, fmt)
    print(f"{args.out}: {len(made)} postings, {args.out.stat().st_size / 1e6:.1f} MB "
          f"(duty pool {VARIANT_POOL} variants)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
