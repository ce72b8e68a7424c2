"""The workqueue notebooks' exercise checks: right answers pass, wrong ones get hints,
and every expected answer agrees with what k8slearn.workqueue actually does."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from k8slearn.clock import FakeClock
from k8slearn.exercises import REGISTRY, check
from k8slearn.exercises import workqueue as ex
from k8slearn.workqueue import (
    BucketRateLimiter,
    DelayingQueue,
    InMemoryMetricsProvider,
    ItemExponentialFailureRateLimiter,
    ItemFastSlowRateLimiter,
    MaxOfRateLimiter,
    Queue,
    default_controller_rate_limiter,
)

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions"
STEMS = ["10_workqueue_basics", "11_workqueue_delaying", "12_workqueue_rate_limiting"]


def _answers(stem: str) -> dict:
    spec = importlib.util.spec_from_file_location(f"sol_{stem}", SOLUTIONS / f"{stem}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.ANSWERS


ALL = {k: v for stem in STEMS for k, v in _answers(stem).items()}


def test_every_workqueue_exercise_has_a_solution():
    keys = {k for k in REGISTRY if k.startswith("workqueue.")}
    assert keys == set(ALL)


@pytest.mark.parametrize("key", sorted(ALL))
def test_solution_passes(key):
    result = check(key, ALL[key])
    assert result.correct, str(result)


@pytest.mark.parametrize("key", sorted(ALL))
def test_placeholder_is_not_answered(key):
    result = check(key, ...)
    assert not result.correct
    assert "replace the ..." in result.message


WRONG = [
    ("workqueue.len_after_sequence", 3, "dirty"),
    ("workqueue.len_after_sequence", 4, "deduplicated"),
    ("workqueue.where_is_item", ["queue", "dirty", "processing"], "never pushed"),
    ("workqueue.where_is_item", {"processing"}, "second add"),
    ("workqueue.where_is_item", {"nowhere"}, "name the sets"),
    ("workqueue.get_order", ["a", "b", "c"], "parked"),
    ("workqueue.get_order", ["b", "c", "a", "a"], "exactly once"),
    ("workqueue.done_misuse", 1, "dirty"),
    ("workqueue.earlier_wins", 7.0, "discarded"),
    ("workqueue.earlier_wins", 5.0, "earlier time"),
    ("workqueue.delayed_order", ["baz", "qux", "foo", "bar"], "ready time"),
    ("workqueue.delayed_order", ["qux", "baz", "bar", "foo"], "added first"),
    ("workqueue.lost_on_shutdown", 3, "dropped"),
    ("workqueue.lost_on_shutdown", 1, "FIFO"),
    ("workqueue.exponential_nth", 20.48, "off by one"),
    ("workqueue.exponential_nth", 1000.0, "19th"),
    ("workqueue.maxof_winner", ["fastslow"] * 12, "[5, 11, 12]"),
    ("workqueue.maxof_winner", ["fastslow"] * 3, "12 in all"),
    ("workqueue.maxof_winner", ["slowfast"] * 12, "use 'fastslow'"),
    ("workqueue.bucket_debt", [0, 0, 0, 0.5, 1.0, 0.0], "first five are right"),
    ("workqueue.bucket_debt", [0.5] * 6, "starts full"),
    ("workqueue.bucket_debt", [0, 0], "six delays"),
    ("workqueue.default_cap", 18, "655.36"),
    ("workqueue.default_cap", 20, "base itself"),
    ("workqueue.depth_vs_len", (0, 2), "FIFO only"),
    ("workqueue.depth_vs_len", (1, 1), "becomes dirty"),
]


@pytest.mark.parametrize(("key", "answer", "hint"), WRONG,
                         ids=[f"{k.split('.')[1]}-{i}" for i, (k, _, _) in enumerate(WRONG)])
def test_wrong_answer_gets_a_hint(key, answer, hint):
    result = check(key, answer)
    assert not result.correct
    assert hint in result.message
    assert str(result).startswith(f"[{key}] Not yet: ")


@pytest.mark.parametrize(("key", "answer"), [
    ("workqueue.len_after_sequence", "two"),
    ("workqueue.get_order", "bca"),
    ("workqueue.depth_vs_len", (1, 2, 3)),
    ("workqueue.bucket_debt", 0.5),
    ("workqueue.exponential_nth", True),
])
def test_wrong_shape_never_raises(key, answer):
    result = check(key, answer)
    assert not result.correct
    assert "wrong shape" in result.message


# ------------------------------------------------- the expected answers match the model


def _drain(q) -> list:
    out = []
    while len(q):
        item, _ = q.get()
        out.append(item)
        q.done(item)
    return out


def test_model_len_after_sequence():
    q = Queue()
    q.add("a"), q.add("b"), q.add("a")
    assert q.get() == ("a", False)
    q.add("a"), q.add("c")
    assert ex.check_len_after_sequence(len(q)).correct


def test_model_where_is_item():
    q = Queue()
    q.add("x")
    q.get()
    q.add("x")
    s = q.snapshot()
    held = {n for n, c in [("queue", s.queue), ("dirty", s.dirty),
                           ("processing", s.processing)] if "x" in c}
    assert ex.check_where_is_item(held).correct


def test_model_get_order():
    q = Queue()
    q.add("a"), q.add("b")
    q.get()
    q.add("a"), q.add("c")
    q.done("a")
    assert ex.check_get_order(_drain(q)).correct


def test_model_done_misuse():
    q = Queue()
    q.add("c")
    q.done("c")
    got = []
    while len(q):
        got.append(q.get()[0])
    assert ex.check_done_misuse(got.count("c")).correct


def test_model_earlier_wins():
    clock = FakeClock()
    q = DelayingQueue(clock)
    q.add_after("x", 5)
    clock.step(1)
    q.add_after("x", 6)
    clock.step(1)
    q.add_after("x", 2)
    assert [w.ready_at for w in q.waiting()] == [4.0]
    clock.step(1.999)
    assert len(q) == 0
    clock.step(0.001)
    assert len(q) == 1
    assert ex.check_earlier_wins(clock.now()).correct
    q.shut_down()


def test_model_delayed_order():
    clock = FakeClock()
    q = DelayingQueue(clock)
    q.add_after("foo", 1.0), q.add_after("bar", 0.5), q.add("baz"), q.add_after("qux", 0)
    clock.step(2)
    assert ex.check_delayed_order(_drain(q)).correct
    q.shut_down()


def test_model_lost_on_shutdown():
    clock = FakeClock()
    q = DelayingQueue(clock)
    q.add_after("a", 5), q.add("b"), q.add_after("c", 0)
    q.shut_down()
    clock.step(10)
    n = 0
    while not q.get()[1]:
        n += 1
    assert ex.check_lost_on_shutdown(n).correct


def test_model_exponential_nth():
    rl = ItemExponentialFailureRateLimiter(0.005, 1000)
    delays = [rl.when("k") for _ in range(12)]
    assert ex.check_exponential_nth(delays[-1]).correct


def test_model_maxof_winner():
    fs, exp = ItemFastSlowRateLimiter(0.01, 1.0, 5), ItemExponentialFailureRateLimiter(0.001, 60)
    combined = MaxOfRateLimiter(ItemFastSlowRateLimiter(0.01, 1.0, 5),
                                ItemExponentialFailureRateLimiter(0.001, 60))
    winners = []
    for _ in range(12):
        a, b, m = fs.when("k"), exp.when("k"), combined.when("k")
        assert m == max(a, b) and a != b
        winners.append("fastslow" if a > b else "exponential")
    assert ex.check_maxof_winner(winners).correct


def test_model_bucket_debt():
    clock = FakeClock()
    rl = BucketRateLimiter(2, 3, clock=clock)
    delays = [rl.when(f"i{n}") for n in range(5)]
    clock.step(1.0)
    delays.append(rl.when("i5"))
    assert ex.check_bucket_debt(delays).correct


def test_model_default_cap():
    rl = default_controller_rate_limiter(clock=FakeClock())
    delays = [rl.when("k") for _ in range(20)]
    first = delays.index(1000.0) + 1
    assert ex.check_default_cap(first).correct


def test_model_depth_vs_len():
    p = InMemoryMetricsProvider()
    q = Queue(name="ex", clock=FakeClock(), metrics_provider=p)
    q.add("a")
    q.get()
    q.add("a"), q.add("b")
    assert ex.check_depth_vs_len((len(q), int(p.value("ex", "workqueue_depth")))).correct
    q.shut_down()


# ------------------------------------------------- the notebooks' viz helpers


def test_viz_sets_table_and_item_states():
    from k8slearn.viz import workqueue as wqviz

    q = Queue()
    steps = []
    q.add("a")
    steps.append(("add(a)", q.snapshot()))
    q.get()
    q.add("a")
    steps.append(("get, add(a)", q.snapshot()))
    assert wqviz.item_state(steps[0][1], "a") == "queued"
    assert wqviz.item_state(steps[1][1], "a") == "parked"
    assert wqviz.item_state(steps[1][1], "zz") == "absent"
    q.done("a")
    q.done("a")  # misuse: a second copy
    assert wqviz.item_state(q.snapshot(), "a") == "queued x2"
    table = wqviz.sets_table(steps, extra={"len()": [1, 0]})
    assert table.splitlines() == [
        "operation    queue  dirty  processing  len()",
        "-----------  -----  -----  ----------  -----",
        "add(a)       [a]    {a}    {}          1",
        "get, add(a)  []     {a}    {a}         0",
    ]


def test_viz_figures_render_as_images():
    from k8slearn.viz import workqueue as wqviz

    q = Queue()
    q.add("a")
    figs = [
        wqviz.plot_set_evolution([("add(a)", q.snapshot())], ["a"]),
        wqviz.plot_state_machine(),
        wqviz.plot_delay_timeline([("a", 0.0, 1.0, 2.0), ("b", 0.0, 1.0, None)]),
        wqviz.plot_backoff_curves({"exp": [0.005, 0.01, 0.02]}),
        wqviz.plot_bucket_debt([0.0, 0.0, 1.0], [0.0, 0.5, 0.0], qps=2, burst=1),
        wqviz.plot_limiter_curves(),
    ]
    for fig in figs:
        img = wqviz.image(fig)
        assert img.data[:8] == b"\x89PNG\r\n\x1a\n"


def test_viz_limiter_curves_follow_the_model():
    from k8slearn.viz import workqueue as wqviz

    c = wqviz.limiter_curves(**wqviz.LIMITER_DEFAULTS)
    assert c["exponential"][17:19] == [655.36, 1000.0]
    assert c["bucket"][:100] == [0.0] * 100
    assert c["bucket"][100:102] == pytest.approx([0.1, 0.2])
    assert c["max_of"][:100] == [0.005] * 100


def test_viz_limiter_explorer_redraws_on_slider_change():
    from k8slearn.viz import workqueue as wqviz

    explorer = wqviz.limiter_explorer()
    assert repr(explorer) == "LimiterExplorer(base=0.005, max=1000, qps=10, burst=100)"
    out = explorer.children[-1]
    before = out.outputs[0]["data"]["image/png"]
    explorer.children[3].value = 20  # burst
    assert repr(explorer) == "LimiterExplorer(base=0.005, max=1000, qps=10, burst=20)"
    assert len(out.outputs) == 1
    assert out.outputs[0]["data"]["image/png"] != before
