"""The label checker's memos drop their oldest answers when full, never all at once."""

from treatsafe.ingredients.memo import EVICT, MEMO_SIZE, make_room


def test_a_full_memo_loses_only_its_oldest_tenth():
    memo = {number: str(number) for number in range(MEMO_SIZE)}
    make_room(memo)
    assert len(memo) == MEMO_SIZE - EVICT
    assert 0 not in memo and EVICT - 1 not in memo
    assert EVICT in memo and MEMO_SIZE - 1 in memo


def test_a_memo_with_room_is_left_alone():
    memo = {number: number for number in range(10)}
    make_room(memo)
    assert len(memo) == 10
