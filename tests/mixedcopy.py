"""Mixed copy for composition tests: the sample's clauses with numbers, percentages, Latin
acronyms, quotes inside quotes, 《》, —— and …… worked in. Deterministic for a seed.

Nothing here is news: it is the sample copy cut into clauses and recombined with tokens,
the way a test corpus exercises every rule of docs/rules.md §1–§4.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

import yaml

SAMPLE = Path(__file__).resolve().parents[1] / "issues" / "2021-year-end" / "edition.yaml"
TOKENS = ["3.5%", "1,000", "2020—2021年", "￥100", "25℃", "523.56km", "44万", "GDP", "5G", "iPhone", "PM2.5",
          "CPI", "APEC", "12.8%", "2021年", "100周年", "30%", "ISO 12647", "B2B", "No.1"]
WRAPS = [("“", "”"), ("《", "》"), ("（", "）"), ("“", "‘", "’", "”")]
SEPS = ["，", "，", "、", "；", "：", "——", "……", "，"]
ENDS = ["。", "。", "。", "！", "？", "。”", "……"]


def clauses() -> list[str]:
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    text = "".join(data["stories"]["main"]["body"]) + "".join(i["text"] for i in data["chronicles"]["dashiji"]["items"])
    parts = [p for p in re.split(r"[，。；：！？、“”‘’《》（）—…]+", text) if 2 <= len(p) <= 14]
    return sorted(set(parts))


def paragraph(rng: random.Random, pool: list[str], length: int) -> str:
    out = ""
    while len(out) < length:
        piece = rng.choice(pool)
        r = rng.random()
        if r < 0.3:
            cut = rng.randrange(1, len(piece))
            piece = piece[:cut] + rng.choice(TOKENS) + piece[cut:]
        elif r < 0.5:
            w = rng.choice(WRAPS)
            piece = (w[0] + piece + w[1]) if len(w) == 2 else (w[0] + piece + w[1] + rng.choice(pool) + w[2] + w[3])
        out += piece + rng.choice(SEPS)
    return out.rstrip("，、；：—…") + rng.choice(ENDS)


def mixed_paragraphs(count: int, seed: int = 2021) -> list[str]:
    rng = random.Random(seed)
    pool = clauses()
    return [paragraph(rng, pool, rng.randint(40, 220)) for _ in range(count)]


def mixed_edition(folder: Path, stories: int = 8, paragraphs: int = 6, template: str = "broadsheet") -> Path:
    """Two pages, four stories a page, each in two columns of 100 lines under a headline."""
    paras = mixed_paragraphs(stories * paragraphs)
    manifest: dict = {"style_version": 1,
                      "edition": {"paper": "衡阳日报", "date": "2021-12-31", "title": "年终特别报道",
                                  "template": template},
                      "stories": {}, "pages": []}
    for s in range(stories):
        manifest["stories"][f"s{s + 1}"] = {"headline": paras[s * paragraphs][:10].strip("，、；：“《（—…"),
                                           "body": paras[s * paragraphs:(s + 1) * paragraphs]}
    for p in range(0, stories, 4):
        blocks = []
        for k in range(4):
            sid = f"s{p + k + 1}"
            blocks.append({"headline": sid, "column": 2 * k + 1, "line": 1, "span": 2, "lines": 4})
            blocks.append({"text": sid, "column": 2 * k + 1, "line": 5, "span": 2, "lines": 100})
        manifest["pages"].append({"page": p // 4 + 1, "blocks": blocks})
    folder.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False)
    (folder / "edition.yaml").write_text(text, encoding="utf-8")
    return folder


if __name__ == "__main__":
    for p in mixed_paragraphs(5):
        print(p)
