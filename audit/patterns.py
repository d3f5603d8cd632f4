"""Regular expressions built from word lists: lexicons and registries are data, not regexes."""

from __future__ import annotations

import re
from typing import Any, Iterable


def literal_alternation(words: Iterable[str], *, flexible_space: bool = False) -> str:
    """A regex matching any of the literal ``words``, the longest first ("tenth" before "ten").

    Written as a trie ("d(?:a(?:n|ri)|engan|i)") rather than a flat "dan|dari|dengan|di":
    Python's ``re`` tries a flat alternation branch by branch at every position of the text,
    which costs several times more for lexicons of hundreds of words. The result is not
    wrapped in a group ("" for no words): put it in one before quantifying or concatenating
    it with another alternative. With ``flexible_space`` a space in a word matches any run of
    whitespace ("West  Bank", a line break inside a name).
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [(r"\s+" if flexible_space and char == " " else re.escape(char)) + emit(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)
