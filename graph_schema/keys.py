"""How a name becomes the `key` that nodes and aliases are matched on.

A key is the name folded to lower case with everything but letters, digits, `+` and `#` dropped,
so the spellings people write meet the ontology's: "React.js", "ReactJS" and "react js" share
"reactjs"; "PL/SQL" and "plsql" share "plsql"; "C++" and "C#" stay apart from "C".
"""

import re
import unicodedata

__all__ = ["name_key", "slug", "tokens"]

_TOKEN = re.compile(r"[a-z0-9+#]+")


def tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    # Dots, hyphens, slashes and apostrophes inside a word join it ("node.js", "t-sql").
    joined = re.sub(r"(?<=[a-z0-9])[.\-/'\u2019](?=[a-z0-9])", "", folded)
    return _TOKEN.findall(joined)


def name_key(text: str) -> str:
    return "".join(tokens(text))


def slug(text: str) -> str:
    """A readable id fragment: tokens joined by hyphens."""
    return "-".join(tokens(text))
