"""Small-number suppression: small cells hidden, totals never give one away, small groups not
broken down."""

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from coproduction.reports.suppression import SECONDARY, is_hidden, small, suppress


def test_a_single_small_count_shows_as_less_than_the_threshold():
    assert small(0, 5) == "0"
    assert small(1, 5) == "<5"
    assert small(4, 5) == "<5"
    assert small(5, 5) == "5"
    assert small(9, 10) == "<10"
    assert small(10, 10) == "10"


def test_nothing_hidden_when_every_cell_is_big_enough_or_zero():
    result = suppress({"a": 5, "b": 12, "c": 0}, 5)
    assert result.cells == {"a": "5", "b": "12", "c": "0"}
    assert result.total == "17"
    assert not result.withheld


def test_one_small_cell_takes_the_next_smallest_with_it():
    result = suppress({"a": 3, "b": 6, "c": 20, "d": 0}, 5)
    assert result.cells == {"a": "<5", "b": SECONDARY, "c": "20", "d": "0"}
    assert result.total == "29"


def test_two_small_cells_need_no_secondary_when_neither_can_be_worked_out():
    result = suppress({"a": 2, "b": 3, "c": 20}, 5)
    assert result.cells == {"a": "<5", "b": "<5", "c": "20"}


def test_two_small_cells_that_add_up_to_two_are_both_ones_so_more_is_hidden():
    # 1 + 1: the reader knows each is at least 1, so 2 left over means both are 1.
    result = suppress({"a": 1, "b": 1, "c": 7, "d": 30}, 5)
    assert result.cells == {"a": "<5", "b": "<5", "c": SECONDARY, "d": "30"}


def test_a_one_beside_a_cell_of_exactly_the_threshold_hides_a_third_cell():
    # <5 and * hiding 1 and 5 leave 6: the * is at least 5, so the <5 must be 1.
    result = suppress({"a": 1, "b": 5, "c": 9}, 5)
    assert result.cells == {"a": "<5", "b": SECONDARY, "c": SECONDARY}


def test_no_breakdown_for_a_group_smaller_than_the_threshold():
    result = suppress({"a": 3, "b": 1}, 5)
    assert result.withheld and result.cells == {} and result.total == "<5"


def test_no_breakdown_when_no_safe_pattern_exists():
    # 1 and 5 alone: hiding both still leaves 6, and only 1 + 5 fits.
    result = suppress({"a": 1, "b": 5}, 5)
    assert result.withheld and result.cells == {} and result.total == "6"


def test_threshold_ten():
    result = suppress({"a": 9, "b": 10, "c": 40}, 10)
    assert result.cells == {"a": "<10", "b": SECONDARY, "c": "40"}


def _possible_values(display: dict[str, str], total: int, threshold: int) -> dict[str, set]:
    """Every value a reader who knows the rules could believe for each hidden cell, found by
    trying every combination (no cleverness shared with the code under test)."""
    hidden = [k for k, v in display.items() if is_hidden(v)]
    visible = {k: int(v) for k, v in display.items() if not is_hidden(v)}
    rest = total - sum(visible.values())
    top = min([v for v in visible.values() if v > 0], default=total)
    ranges = [
        range(1, threshold) if display[k].startswith("<") else range(threshold, top + 1)
        for k in hidden
    ]
    seen: dict[str, set] = {k: set() for k in hidden}
    for values in product(*ranges):
        if sum(values) == rest:
            for key, value in zip(hidden, values, strict=True):
                seen[key].add(value)
    return seen


counts_strategy = st.dictionaries(
    st.sampled_from("abcde"), st.integers(min_value=0, max_value=14), min_size=1
)


@settings(max_examples=400, deadline=None)
@given(counts=counts_strategy, threshold=st.sampled_from([5, 10]))
def test_no_hidden_cell_can_be_worked_out_from_the_total_and_the_others(counts, threshold):
    result = suppress(counts, threshold)
    total = sum(counts.values())
    if result.withheld:
        assert result.cells == {}
        return
    assert result.total == str(total)
    for key, display in result.cells.items():
        if not is_hidden(display):
            assert display == str(counts[key])
    for key, values in _possible_values(result.cells, total, threshold).items():
        assert counts[key] in values, "the rules must describe the real value"
        assert len(values) >= 2, f"{key} can be worked out: {result.cells}, total {total}"


@settings(max_examples=300, deadline=None)
@given(counts=counts_strategy, threshold=st.sampled_from([5, 10]))
def test_every_small_non_zero_cell_is_hidden_and_small_groups_are_not_broken_down(
    counts, threshold
):
    result = suppress(counts, threshold)
    total = sum(counts.values())
    if 0 < total < threshold:
        assert result.withheld and result.total == f"<{threshold}"
    for key, value in counts.items():
        if 0 < value < threshold and not result.withheld:
            assert result.cells[key] == f"<{threshold}"
