"""The development datasets: dotin CVs (CC0) and SkillSpan postings (MIT), as labelled text.

Both are read from ../shared/datasets (development data, not shipped with the product).
Held-out splits, never trained on: SkillSpan's own dev.json; for dotin (no official split),
every CV whose id hashes to 0 mod 5 (about 20%, listed in bench/splits/dotin_heldout.txt).
"""

import hashlib
import html
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SHARED", "Example", "dotin", "heldout", "skillspan", "skillspan_postings"]

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"
_DOTIN = SHARED / "dotin_resumes" / "545_cvs_train_v2.zip"
_DOTIN_LABELS = {
    "Tech Tools": "skill",
    "Job Specific Skills": "skill",
    "Soft Skills": "skill",
    "Designation": "role",
    "Companies worked at": "employer",
    "Degree": "degree",
    "College Name": "institution",
}
_LABEL = re.compile(r'<label type="([^"]+)">(.*?)</label>', re.DOTALL)

Span = tuple[int, int]


@dataclass
class Example:
    id: str
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    source: str = ""

    @property
    def gold(self) -> list[Span]:
        """The skill spans."""
        return [(s, e) for s, e, label in self.spans if label == "skill"]


def heldout(cv_id: str) -> bool:
    return int(hashlib.sha256(cv_id.encode()).hexdigest(), 16) % 5 == 0


def dotin(*, held_out: bool) -> list[Example]:
    """The held-out dotin CVs, or (held_out=False) the ones to train on."""
    examples = []
    with zipfile.ZipFile(_DOTIN) as zf:
        for name in sorted(zf.namelist()):
            cv_id = Path(name).stem
            if name.endswith(".xml") and heldout(cv_id) == held_out:
                xml = zf.read(name).decode("utf-8", errors="replace")
                examples.append(_dotin_example(cv_id, xml))
    return examples


def _dotin_example(cv_id: str, xml: str) -> Example:
    body = re.sub(r"^.*?<cv>|</cv>.*$", "", xml, flags=re.DOTALL)
    text: list[str] = []
    spans = []
    cursor = length = 0
    for match in _LABEL.finditer(body):
        before = html.unescape(re.sub(r"<[^>]+>", "", body[cursor : match.start()]))
        text.append(before)
        length += len(before)
        value = html.unescape(match.group(2))
        label = _DOTIN_LABELS.get(match.group(1))
        if label:
            spans.append((length, length + len(value), label))
        text.append(value)
        length += len(value)
        cursor = match.end()
    text.append(html.unescape(re.sub(r"<[^>]+>", "", body[cursor:])))
    return Example(cv_id, "".join(text), spans, "dotin")


def skillspan(split: str) -> list[Example]:
    """SkillSpan sentences ("train" or "dev"): tokens joined by spaces; skill + knowledge spans."""
    examples = []
    lines = (SHARED / "skillspan" / f"{split}.json").read_text().splitlines()
    for number, line in enumerate(lines):
        row = json.loads(line)
        starts, offset = [], 0
        for token in row["tokens"]:
            starts.append(offset)
            offset += len(token) + 1
        spans = []
        for tags in (row["tags_skill"], row["tags_knowledge"]):
            spans += [(s, e, "skill") for s, e in _bio_spans(tags, starts, row["tokens"])]
        text = " ".join(row["tokens"])
        examples.append(Example(f"{row['idx']}-{number}", text, sorted(spans), "skillspan"))
    return examples


def _bio_spans(tags: list[str], starts: list[int], tokens: list[str]) -> Iterator[Span]:
    begin = None
    for i, tag in enumerate([*tags, "O"]):
        if begin is not None and tag != "I":
            yield starts[begin], starts[i - 1] + len(tokens[i - 1])
            begin = None
        if tag == "B":
            begin = i


_PLACEHOLDER = re.compile(r"<([A-Z]+)>")
_PLACEHOLDERS = {"ORGANIZATION": "Company", "ADDRESS": "Street", "LOCATION": "City",
                 "PERSON": "Alex", "URL": "example.com", "EMAIL": "jobs@example.com",
                 "PHONE": "555 0100", "DATE": "2021"}  # fmt: skip


def skillspan_postings(split: str) -> list[Example]:
    """SkillSpan's postings as whole documents: each posting's sentences, one per line, with
    the anonymisation placeholders ("<ORGANIZATION>") replaced by ordinary words."""
    postings: dict[int, list[str]] = {}
    for line in (SHARED / "skillspan" / f"{split}.json").read_text().splitlines():
        row = json.loads(line)
        postings.setdefault(row["idx"], []).append(" ".join(row["tokens"]))
    return [
        Example(
            f"skillspan-{split}-{idx}",
            _PLACEHOLDER.sub(lambda m: _PLACEHOLDERS.get(m[1], m[1].title()), "\n".join(lines)),
            source="skillspan",
        )
        for idx, lines in postings.items()
    ]
