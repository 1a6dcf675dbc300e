"""Skill-extraction quality on held-out data: dotin CVs and SkillSpan job postings.

Held-out splits: SkillSpan's own dev.json; for dotin (no official split), every CV whose id
hashes to 0 mod 5 (about 20%, listed in bench/splits/dotin_heldout.txt), so training scripts
can leave the same CVs out. Reads ../shared/datasets (development data, not shipped).

Matching: "exact" compares the sets of normalized skill strings per document; "lenient" and
SkillSpan's "loose" count a predicted span right when it overlaps a gold span (and a gold span
found when a prediction overlaps it).
"""

import hashlib
import html
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from engine.documents.text import ExtractedText, Page
from engine.documents.vocabulary import Vocabulary
from graph_schema.keys import name_key

__all__ = ["Example", "Scores", "dotin_heldout", "evaluate", "skillspan_dev"]

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"
SPLIT = Path(__file__).parent / "splits" / "dotin_heldout.txt"
_SKILL_TYPES = {"Tech Tools", "Job Specific Skills", "Soft Skills"}
_LABEL = re.compile(r'<label type="([^"]+)">(.*?)</label>', re.DOTALL)

Span = tuple[int, int]
Predict = Callable[[str], list[Span]]


@dataclass
class Example:
    id: str
    text: str
    gold: list[Span]


@dataclass
class Scores:
    precision: float
    recall: float
    f1: float

    def __str__(self) -> str:
        return f"P {self.precision:.2f} / R {self.recall:.2f} / F1 {self.f1:.2f}"


def _scores(tp_p: int, n_p: int, tp_g: int, n_g: int) -> Scores:
    precision = tp_p / n_p if n_p else 0.0
    recall = tp_g / n_g if n_g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1)


def heldout(cv_id: str) -> bool:
    return int(hashlib.sha256(cv_id.encode()).hexdigest(), 16) % 5 == 0


def dotin_heldout() -> list[Example]:
    """Held-out dotin CVs: plain text and the character spans of their skill labels."""
    archive = SHARED / "dotin_resumes" / "545_cvs_train_v2.zip"
    examples = []
    with zipfile.ZipFile(archive) as zf:
        for name in sorted(zf.namelist()):
            cv_id = Path(name).stem
            if not name.endswith(".xml") or not heldout(cv_id):
                continue
            examples.append(_dotin_example(cv_id, zf.read(name).decode("utf-8", errors="replace")))
    SPLIT.parent.mkdir(exist_ok=True)
    SPLIT.write_text("".join(f"{e.id}\n" for e in examples))
    return examples


def _dotin_example(cv_id: str, xml: str) -> Example:
    body = re.sub(r"^.*?<cv>|</cv>.*$", "", xml, flags=re.DOTALL)
    text, gold, cursor = [], [], 0
    length = 0
    for match in _LABEL.finditer(body):
        before = html.unescape(re.sub(r"<[^>]+>", "", body[cursor : match.start()]))
        text.append(before)
        length += len(before)
        value = html.unescape(match.group(2))
        if match.group(1) in _SKILL_TYPES:
            gold.append((length, length + len(value)))
        text.append(value)
        length += len(value)
        cursor = match.end()
    text.append(html.unescape(re.sub(r"<[^>]+>", "", body[cursor:])))
    return Example(cv_id, "".join(text), gold)


def skillspan_dev() -> list[Example]:
    """SkillSpan dev sentences: tokens joined by spaces, skill and knowledge spans."""
    examples = []
    for number, line in enumerate((SHARED / "skillspan" / "dev.json").read_text().splitlines()):
        row = json.loads(line)
        starts, offset = [], 0
        for token in row["tokens"]:
            starts.append(offset)
            offset += len(token) + 1
        gold = []
        for tags in (row["tags_skill"], row["tags_knowledge"]):
            gold += list(_bio_spans(tags, starts, row["tokens"]))
        examples.append(Example(f"{row['idx']}-{number}", " ".join(row["tokens"]), gold))
    return examples


def _bio_spans(tags: list[str], starts: list[int], tokens: list[str]) -> Iterator[Span]:
    begin = None
    for i, tag in enumerate([*tags, "O"]):
        if begin is not None and tag != "I":
            yield starts[begin], starts[i - 1] + len(tokens[i - 1])
            begin = None
        if tag == "B":
            begin = i


def evaluate(examples: list[Example], predict: Predict) -> tuple[Scores, Scores]:
    """(exact-normalized, lenient span-overlap) micro scores."""
    exact = [0, 0, 0, 0]
    loose = [0, 0, 0, 0]
    for example in examples:
        predicted = predict(example.text)
        gold_keys = {name_key(example.text[s:e]) for s, e in example.gold} - {""}
        pred_keys = {name_key(example.text[s:e]) for s, e in predicted} - {""}
        hit = len(gold_keys & pred_keys)
        exact = [
            exact[0] + hit,
            exact[1] + len(pred_keys),
            exact[2] + hit,
            exact[3] + len(gold_keys),
        ]
        tp_p = sum(any(_overlap(p, g) for g in example.gold) for p in predicted)
        tp_g = sum(any(_overlap(p, g) for p in predicted) for g in example.gold)
        loose = [
            loose[0] + tp_p,
            loose[1] + len(predicted),
            loose[2] + tp_g,
            loose[3] + len(example.gold),
        ]
    return _scores(*exact), _scores(*loose)


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def vocabulary_predictor(vocabulary: Vocabulary, *, sections: bool) -> Predict:
    """Mentions found by a vocabulary; with `sections`, through the section-aware extractor."""
    from engine.documents.facts import extract_skill_facts

    def predict(text: str) -> list[Span]:
        if not sections:
            return [(m.start, m.end) for m in vocabulary.find(text, lenient_case=True)]
        facts = extract_skill_facts(ExtractedText([Page(1, text)], "txt"), vocabulary)
        return [(f.evidence.start, f.evidence.end) for f in facts]

    return predict
