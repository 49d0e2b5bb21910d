"""What a batch run did: counts per outcome and every problem met, for every face to print."""

from __future__ import annotations

from dataclasses import dataclass, field

from newstrace.records import IngestProblem

__all__ = ["IngestReport", "ProblemTally"]


@dataclass(slots=True)
class ProblemTally:
    """Inputs skipped, failed or read with a warning, and every problem met."""

    skipped: int = 0
    failed: int = 0
    warnings: int = 0
    problems: list[IngestProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """``True`` when no input was lost."""
        return self.failed == 0

    def count(self, problem: IngestProblem) -> None:
        """Record a problem under its status."""
        self.problems.append(problem)
        if problem.status == "failed":
            self.failed += 1
        elif problem.status == "skipped":
            self.skipped += 1
        else:
            self.warnings += 1


@dataclass(slots=True)
class IngestReport(ProblemTally):
    """What an ingest did: counts per outcome and every problem met."""

    ingested: int = 0
    duplicate: int = 0
    replaced: int = 0
    links: int = 0
