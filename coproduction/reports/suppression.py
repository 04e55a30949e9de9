"""Small-number suppression for reports that trustees and funders read (DOMAIN.md).

A count from 1 up to (not including) the threshold shows as "<5" (or "<10"); zero shows as 0,
because "nobody" singles no one out. When a breakdown hides cells but shows its total, the
total and the visible cells could give a hidden cell away, so more cells are hidden (secondary
suppression, shown as "*") until none can be worked out. A group smaller than the threshold
gets no breakdown at all.

Reader model: anyone may know these rules. A "<5" cell is then known to lie in 1..4; a "*"
cell is at least the threshold and at most the smallest visible non-zero cell (it was the
next smallest); hidden cells add up to the total minus the visible cells. A cell counts as
worked out when only one value fits all of that.
"""

from dataclasses import dataclass

SECONDARY = "*"


def small(count: int, threshold: int) -> str:
    """One count on its own: "<5" for 1 up to the threshold, otherwise the number."""
    return f"<{threshold}" if 0 < count < threshold else str(count)


def is_hidden(display: str) -> bool:
    return display.startswith("<") or display == SECONDARY


@dataclass(frozen=True)
class Breakdown:
    """A suppressed breakdown, ready to show. `cells` is empty when `withheld`."""

    total: str
    cells: dict[str, str]
    withheld: bool = False

    @property
    def any_hidden(self) -> bool:
        return any(is_hidden(value) for value in self.cells.values())


def _bounds(
    counts: dict[str, int], primary: set[str], secondary: set[str], threshold: int
) -> dict[str, tuple[int, int]]:
    """The values a reader could still believe for each hidden cell."""
    hidden = primary | secondary
    visible_nonzero = [v for k, v in counts.items() if k not in hidden and v > 0]
    top = min(visible_nonzero) if visible_nonzero else sum(counts.values())
    box = dict.fromkeys(primary, (1, threshold - 1))
    box |= {k: (threshold, max(threshold, top)) for k in secondary}
    rest = sum(counts[k] for k in hidden)  # the total minus the visible cells
    result = {}
    for key, (lo, hi) in box.items():
        others_lo = sum(b[0] for k, b in box.items() if k != key)
        others_hi = sum(b[1] for k, b in box.items() if k != key)
        result[key] = (max(lo, rest - others_hi), min(hi, rest - others_lo))
    return result


def suppress(counts: dict[str, int], threshold: int) -> Breakdown:
    """Display values for a breakdown of people (cells add up to the group's total).

    Cells from 1 to threshold - 1 show as "<threshold"; further cells show as "*" while any
    hidden cell could still be worked out from the total; and when the group is smaller
    than the threshold, or no safe pattern exists, the breakdown is withheld.
    """
    total = sum(counts.values())
    if 0 < total < threshold:
        return Breakdown(total=small(total, threshold), cells={}, withheld=True)
    primary = {k for k, v in counts.items() if 0 < v < threshold}
    secondary: set[str] = set()
    while primary:
        bounds = _bounds(counts, primary, secondary, threshold)
        if all(lo < hi for lo, hi in bounds.values()):
            break
        candidates = sorted(
            (v, k) for k, v in counts.items() if v > 0 and k not in primary | secondary
        )
        if not candidates:
            return Breakdown(total=str(total), cells={}, withheld=True)
        secondary.add(candidates[0][1])
    cells = {
        key: f"<{threshold}" if key in primary else SECONDARY if key in secondary else str(value)
        for key, value in counts.items()
    }
    return Breakdown(total=str(total), cells=cells)


def share(display: str, total: int) -> str:
    """A visible cell as a percentage of the total; nothing for a hidden cell."""
    if is_hidden(display) or not total:
        return ""
    return f"{round(100 * int(display) / total)}%"
