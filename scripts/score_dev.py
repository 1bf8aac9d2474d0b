"""Score extraction on a corpus with gold facts: extract each article with its date and outlet (as a
real user ingests it), export facts JSON from the graph, run the shared scorer.

    .venv/bin/python scripts/score_dev.py                 # the Wikinews dev set
    .venv/bin/python scripts/score_dev.py --seeds         # the two sample articles
    .venv/bin/python scripts/score_dev.py --per-article   # one score table per article too
    .venv/bin/python scripts/score_dev.py --keep DIR      # keep the predicted facts in DIR
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph import iris  # noqa: E402
from graph.config import shared_dir  # noqa: E402
from graph.extract import extract_article  # noqa: E402
from graph.read.facts import export_facts  # noqa: E402
from graph.model import Article  # noqa: E402
from graph.store import OxigraphStore


def dev_articles(shared: Path) -> list[Article]:
    folder = shared / "corpus" / "wikinews-dev"
    out = []
    with open(folder / "SOURCES.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            out.append(
                Article(
                    name=r["slug"],
                    text=(folder / f"{r['slug']}.txt").read_text(encoding="utf-8"),
                    url=r["url"],
                    title=r["title"],
                    outlet="Wikinews",
                    published=date.fromisoformat(r["date"]),
                )
            )
    return out


def seed_articles(shared: Path) -> list[Article]:
    return [
        Article(name=p.stem, text=p.read_text(encoding="utf-8"))
        for p in sorted((shared / "corpus" / "seeds").glob("*.txt"))
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", action="store_true")
    ap.add_argument("--per-article", action="store_true")
    ap.add_argument("--keep")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    shared = shared_dir()
    articles = seed_articles(shared) if args.seeds else dev_articles(shared)
    gold_dir = shared / "eval" / "gold" if args.seeds else shared / "eval" / "gold" / "wikinews"
    out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="facts-"))
    out.mkdir(parents=True, exist_ok=True)
    store = OxigraphStore(None)
    for a in articles:
        res = extract_article(a)
        store.replace_graphs({res.article.graph_iri: res.article_graph}, add={iris.entity_graph_iri(): res.entity_graph})
    export_facts(store, out)
    scorer = shared / "eval" / "score_facts.py"
    golds = sorted(gold_dir.glob("*.gold.json"))
    cmd = [sys.executable, str(scorer), *map(str, golds), "--predicted", str(out)]
    if args.json:
        cmd.append("--json")
    print(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    if args.per_article:
        for g in golds:
            print("##", g.name)
            print(subprocess.run([sys.executable, str(scorer), str(g), "--predicted", str(out)],
                                 capture_output=True, text=True, check=True).stdout)
    print("facts in", out)


if __name__ == "__main__":
    main()
