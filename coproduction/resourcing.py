"""How well each work area is resourced in the coming weeks. Who can take part in a week
depends on step-aways and exams, which the members app keeps: it registers the figures in
MembersConfig.ready(), and the core's page and reports ask here."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from coproduction.models import Collaboration, WorkArea


@dataclass(frozen=True)
class AreaWeek:
    week_start: date
    available: int
    short: bool


Resourcing = Callable[..., list[tuple[WorkArea, list[AreaWeek]]]]
_figures: Resourcing | None = None


def register(figures: Resourcing) -> None:
    global _figures
    _figures = figures


def work_area_resourcing(
    collaboration: Collaboration, weeks: int = 8
) -> list[tuple[WorkArea, list[AreaWeek]]]:
    """For each work area, how many members can take part in each of the coming weeks."""
    if _figures is None:
        raise RuntimeError("No app has registered the work areas' resourcing figures.")
    return _figures(collaboration, weeks=weeks)
