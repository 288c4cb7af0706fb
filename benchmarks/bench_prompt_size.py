"""Prompt and output size per article: our passage design vs one call over the whole article.

Prompt and output tokens are the cost and the time of a local model (about
40-150 prompt tokens/s and 15 generated tokens/s on 2 cores). This script reads
the real token counts the server reported (``usage`` in the recorded
cassettes) and sets them side by side with the prompt a one-shot design would
send: the same system prompt plus the whole article. The whole-article prompt
is tokenised with the model's own tokenizer when llama-cpp-python and the
model are installed (``--tokenizer``), else estimated at 4 characters a token.

    python benchmarks/bench_prompt_size.py [--cassettes cassettes] [--seeds seeds]
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import yaml

from extractor.articles import read_article
from extractor.models import PassageAnswer
from extractor.prompts import describe_fields, load


def _tokenizer():  # noqa: ANN202
    try:
        import llama_cpp

        from extractor.localmodel import model_path
        from extractor.settings import default_cache_dir

        llm = llama_cpp.Llama(model_path=str(model_path(default_cache_dir(os.environ))), vocab_only=True, verbose=False)
        return lambda text: len(llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)), "model tokenizer"
    except Exception:  # noqa: BLE001
        return lambda text: max(1, len(text) // 4), "estimate: 4 chars/token"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cassettes", type=Path, default=Path("cassettes"))
    ap.add_argument("--seeds", type=Path, default=Path("seeds"))
    ap.add_argument("--tokenizer", action="store_true", help="use the model's tokenizer (needs the local extra)")
    args = ap.parse_args()
    count, how = _tokenizer() if args.tokenizer else (lambda t: max(1, len(t) // 4), "estimate: 4 chars/token")
    system = load("system").render(fields=describe_fields(PassageAnswer))

    rows = []
    for cassette in sorted(args.cassettes.glob("*.yaml")):
        article_path = args.seeds / f"{cassette.stem}.txt"
        if not article_path.is_file():
            continue
        data = yaml.safe_load(cassette.read_text(encoding="utf-8"))
        usage = [json.loads(i["response"]["body"]["string"]).get("usage") or {} for i in data["interactions"]]
        first = [
            u for i, u in zip(data["interactions"], usage) if len(json.loads(i["request"]["body"])["messages"]) == 2
        ]
        article = read_article(article_path, root=args.seeds)
        whole = count(system) + count(article.text) + 20
        rows.append(
            {
                "article": cassette.stem,
                "requests": len(usage),
                "retries": len(usage) - len(first),
                "prompt_first": sum(u.get("prompt_tokens", 0) for u in first),
                "prompt_all": sum(u.get("prompt_tokens", 0) for u in usage),
                "completion": sum(u.get("completion_tokens", 0) for u in usage),
                "whole_article_prompt": whole,
                "passage_text": sum(u.get("prompt_tokens", 0) for u in first) - len(first) * count(system),
            }
        )
    print(f"prompt tokens from the server's usage; whole-article prompt by {how}")
    head = f"{'article':<22}{'req':>4}{'retry':>6}{'prompt(all)':>12}{'article part':>13}{'whole art.':>11}{'ratio':>7}{'output':>8}"
    print(head)
    for r in rows:
        ratio = r["passage_text"] / max(1, r["whole_article_prompt"] - count(system))
        print(
            f"{r['article']:<22}{r['requests']:>4}{r['retries']:>6}{r['prompt_all']:>12}{r['passage_text']:>13}"
            f"{r['whole_article_prompt'] - count(system):>11}{ratio:>7.2f}{r['completion']:>8}"
        )
    tot_part = sum(r["passage_text"] for r in rows)
    tot_whole = sum(r["whole_article_prompt"] - count(system) for r in rows)
    print(
        f"article text sent to the model: {tot_part} tokens with passages vs {tot_whole} for whole articles "
        f"(ratio {tot_part / max(1, tot_whole):.2f}); the system prompt ({count(system)} tokens) is the same prefix in "
        "every request and llama.cpp reuses its cache."
    )


if __name__ == "__main__":
    main()
