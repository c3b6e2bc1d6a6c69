"""segment: blank-line blocks with their 1-based line numbers, nothing lost, nothing invented."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.segment import Segment, segment


def test_blocks_are_split_at_blank_lines_with_line_numbers():
    text = "Acme AB\n\nHeadline here\nsecond line\n\n\nLast block\n"
    got = segment(text)
    assert got == [
        Segment(("Acme AB",), 1),
        Segment(("Headline here", "second line"), 3),
        Segment(("Last block",), 7),
    ]
    assert got[1].end == 4
    assert got[1].text == "Headline here second line"


def test_whitespace_only_lines_separate_blocks_and_lines_are_stripped():
    got = segment("  one  \n   \n\ttwo\n")
    assert [s.lines for s in got] == [("one",), ("two",)]
    assert [s.start for s in got] == [1, 3]


def test_empty_text_gives_no_segments():
    assert segment("") == []
    assert segment("\n\n   \n") == []


@given(st.lists(st.sampled_from(["", " ", "word", "two words", "“quote”", "###", "- item"]), max_size=40))
def test_no_non_blank_line_is_lost_and_order_is_kept(lines):
    text = "\n".join(lines)
    got = segment(text)
    assert [line for s in got for line in s.lines] == [x.strip() for x in lines if x.strip()]
    for s in got:
        for offset, line in enumerate(s.lines):
            assert lines[s.start - 1 + offset].strip() == line
