"""What was read from one document: the committee-minutes/1 document, each field's source
and the problems, in Bangla."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Reading:
    """What was read from one document."""
    document: dict
    sources: dict[str, dict] = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)
    bijoy: bool = False

    def source(self, path: str, text: str, where: str) -> None:
        self.sources[path] = {"text": text, "where": where}

    def problem(self, path: str, message: str) -> None:
        self.problems.append({"path": path, "message": message})
