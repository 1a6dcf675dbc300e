"""`insights(personId, goal)` over GraphQL."""

import strawberry

from engine import NotFound, insights

from .arguments import not_found
from .context import Authenticated, Info, reading
from .types import convert

__all__ = ["InsightQuery"]


@strawberry.pydantic.type(name="Implication")
class Implication(insights.model.Implication):
    """A fact of the person's that implies a strength, quoted."""


@strawberry.pydantic.type(name="HiddenStrength")
class HiddenStrength(insights.HiddenStrength):
    """A skill the person's facts strongly imply but they never claimed."""

    implied_by: list[Implication]  # type: ignore[assignment]


@strawberry.pydantic.type(name="CareerStep")
class CareerStep(insights.PathStep):
    """An occupation on a career path: its job zone, the kind of move, the skills to gain."""


@strawberry.pydantic.type(name="CareerPath")
class CareerPath(insights.CareerPath):
    """A next occupation through O*NET's related occupations."""

    target: CareerStep  # type: ignore[assignment]
    steps: list[CareerStep]  # type: ignore[assignment]


@strawberry.pydantic.type(name="Transfer")
class Transfer(insights.Transfer):
    """How far the person's profile carries toward the goal occupation."""


@strawberry.pydantic.type(name="Recommendation")
class Recommendation(insights.Recommendation):
    """A skill that would raise the person's match with the tenant's jobs."""


@strawberry.pydantic.type(name="Insights")
class Insights(insights.Insights):
    """Hidden strengths, career paths, transfer toward a goal, skills worth learning."""

    hidden_strengths: list[HiddenStrength]  # type: ignore[assignment]
    career_paths: list[CareerPath]  # type: ignore[assignment]
    transfer: Transfer | None  # type: ignore[assignment]
    recommendations: list[Recommendation]  # type: ignore[assignment]


@strawberry.type
class InsightQuery:
    @strawberry.field(
        description="Insights about a person (default: yourself): hidden strengths, career "
        "paths, transfer toward `goal` (an O*NET-SOC code or a job title) and skills worth "
        "learning. Private facts count only when the person asks.",
        permission_classes=[Authenticated],
    )
    async def insights(
        self, info: Info, person_id: strawberry.ID | None = None, goal: str | None = None
    ) -> Insights:
        principal = info.context.require()
        person = str(person_id) if person_id else principal.subject
        scope = await reading(info, person, "insights")
        try:
            found = await info.context.runtime.advisor.insights(
                scope, goal, private=principal.subject == person
            )
        except NotFound as e:
            raise not_found(e) from None
        return convert(Insights, found)
