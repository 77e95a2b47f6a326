from treatsafe.core.keptanswers import KeptAnswers


def test_an_answer_is_given_back_only_at_the_version_it_was_kept_at():
    kept = KeptAnswers()
    kept.put("search", (7, 1), b"answer")
    assert kept.get("search", (7, 1)) == b"answer"
    assert kept.get("search", (7, 2)) is None


def test_a_stale_answer_is_dropped_when_found_stale():
    kept = KeptAnswers()
    kept.put("search", (7, 1), b"answer")
    kept.get("search", (7, 2))
    assert not kept.has("search")
    assert kept.size_bytes == 0


def test_the_least_recently_used_answers_go_when_the_bytes_run_out():
    kept = KeptAnswers(max_bytes=10)
    kept.put("a", 1, b"aaaa")
    kept.put("b", 1, b"bbbb")
    kept.get("a", 1)  # now used after b
    kept.put("c", 1, b"cccc")
    assert kept.has("a") and kept.has("c") and not kept.has("b")
    assert kept.size_bytes == 8


def test_an_answer_larger_than_the_bound_is_not_kept():
    kept = KeptAnswers(max_bytes=4)
    kept.put("big", 1, b"12345")
    assert len(kept) == 0


def test_keeping_an_answer_again_replaces_it_and_counts_its_bytes_once():
    kept = KeptAnswers()
    kept.put("a", 1, b"old answer")
    kept.put("a", 2, b"new")
    assert kept.get("a", 2) == b"new"
    assert kept.size_bytes == 3
