"""helpers.headline: the stated-ratio reader, the ladder (each step alone and together, each
invertible), the verdicts and their rules, and the learner's form."""

from dataclasses import replace
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import factcheck, headline, specs
from helpers.headline import report, shipped
from helpers.headline.basis import Basis, figure_on
from helpers.specs import Figure, P, T


def _fig(name, value, unit, **details):
    return Figure(name, float(value), unit, "vendor", specs.ARTICLE, **details)


def _toy(key, base, chips, **details):
    chip = replace(
        base.chip,
        key=f"{key}chip",
        name=f"{key} chip",
        dies=_fig(f"{key}chip.dies", 2, "1"),
        peaks={
            "fp8_sparse": _fig(f"{key}chip.fp8_sparse", 10 * P, "FLOP/s"),
            "fp4_dense": _fig(f"{key}chip.fp4_dense", 10 * P, "FLOP/s"),
            "fp4_sparse": _fig(f"{key}chip.fp4_sparse", 20 * P, "FLOP/s"),
            "fp64_dense": _fig(f"{key}chip.fp64_dense", 0.1 * P, "FLOP/s"),
        },
    )
    system = replace(
        base,
        key=key,
        name=f"{key} system",
        short=key,
        chip=chip,
        chips=chips,
        style=None,
        **details,
    )
    return specs.register_system(system)


@pytest.fixture
def toy():
    """Two toy systems registered for one test: "toypod", an announced pod of 2-die chips with
    FP8 and FP4 peaks dense and sparse, CPU memory and a measured FP64 result; "toyrack", a
    rack of 72 of the same chips with the NVL72's other figures (the claims' baseline)."""
    pod = _toy(
        "toypod",
        specs.NVL72,
        _fig("toypod.chips", 576, "1"),
        status="announced",
        date="2026-01-01",
        power=None,
        cpu_memory=_fig("toypod.cpu_memory", 30 * T, "B"),
        measured={"fp64_hpl": _fig("toypod.fp64_hpl", 4 * P, "FLOP/s")},
    )
    rack = _toy("toyrack", specs.NVL72, specs.NVL72.chips)
    yield pod
    for s in (pod, rack):
        specs.SYSTEMS.pop(s.key, None)
        specs.CHIPS.pop(s.chip.key, None)


# The stated ratio -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value", "step", "qualifier"),
    [
        ("3.6x", 3.6, 0.1, ""),
        ("3.6 times", 3.6, 0.1, ""),
        ("3.6×", 3.6, 0.1, ""),
        ("360 % of", 3.6, 0.1, ""),
        ("360% of", 3.6, 0.1, ""),
        ("355 %", 3.55, 0.01, ""),
        ("more than 24 times that compute power", 24, 1, "more than"),
        ("up to 2.8x", 2.8, 0.1, "up to"),
        ("1,152", 1152, 1, ""),
    ],
)
def test_a_stated_ratio_is_read_to_the_precision_it_is_written_with(text, value, step, qualifier):
    s = headline.read_stated(text)
    assert s.value == pytest.approx(value) and s.step == pytest.approx(step)
    assert s.qualifier == qualifier and not s.ambiguous


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("360 % more", (4.6, 3.6)),
        ("3.6x higher", (3.6, 4.6)),
        ("3.6x more", (3.6, 4.6)),
        ("6.7 times more computing power", (6.7, 7.7)),
        ("3.3-fold increase", (3.3, 4.3)),
    ],
)
def test_more_and_higher_are_flagged_ambiguous_with_both_readings(text, readings):
    s = headline.read_stated(text)
    assert s.ambiguous and s.readings == pytest.approx(readings)
    assert "ambiguous" in s.describe() and s.why


@pytest.mark.parametrize("bad", ["", "fast", "-3x", "0x", "0 %", "3x less", "nan", float("inf"), 0])
def test_a_ratio_that_is_not_a_positive_number_is_refused_naming_the_field(bad):
    with pytest.raises(ValueError, match="stated="):
        headline.read_stated(bad)


@pytest.mark.parametrize("bad", [None, True, [3.6], {"x": 3}])
def test_a_ratio_of_the_wrong_type_is_a_type_error(bad):
    with pytest.raises(TypeError, match="stated="):
        headline.read_stated(bad)


@given(st.integers(min_value=11, max_value=999))
def test_times_and_percent_of_give_the_same_verdict_while_more_is_ambiguous(tenths):
    """ "N.Nx", "N.N times" and "NN0 % of" are one claim; "NN0 % more" and "N.Nx higher" are
    flagged ambiguous, "NN0 % more" read as one more."""
    x = tenths / 10
    forms = [f"{x:g}x", f"{x:g} times", f"{tenths * 10} % of"]
    if tenths % 10 == 0:  # 5.0 is written 5: to the unit
        forms = forms[:2]
    claims = [headline.claim("cm384", "nvl72", "memory capacity", f) for f in forms]
    assert len({headline.verdict(c).verdict for c in claims}) == 1
    assert len({(c.stated.value, c.stated.step) for c in claims}) == 1
    more = headline.read_stated(f"{tenths * 10} % more")
    assert more.ambiguous and more.value == pytest.approx(x + 1)
    higher = headline.read_stated(f"{x:g}x higher")
    assert higher.ambiguous and higher.value == pytest.approx(x)


# Bad claims -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fields", "error", "field"),
    [
        ({"challenger": "cm385"}, ValueError, "challenger="),
        ({"baseline": 72}, TypeError, "baseline="),
        ({"quantity": "latency"}, ValueError, "quantity="),
        ({"quantity": 3}, TypeError, "quantity="),
        ({"stated": "-2x"}, ValueError, "stated="),
        ({"stated": None}, TypeError, "stated="),
        ({"challenger_basis": {"precision": "fp4"}}, ValueError, "challenger_precision="),
        ({"baseline_basis": {"precision": "fp3"}}, ValueError, "precision="),
        ({"baseline_basis": {"colour": "red"}}, ValueError, "baseline_basis"),
        ({"baseline_basis": "dense"}, TypeError, "baseline_basis="),
        ({"challenger": "nvl72"}, ValueError, "challenger and baseline"),
    ],
)
def test_a_bad_field_is_named_with_what_it_accepts(fields, error, field):
    args = {"challenger": "cm384", "baseline": "nvl72", "quantity": "compute", "stated": "2x"}
    args |= fields
    with pytest.raises(error, match=field):
        headline.claim(**{"quantity_" if k == "quantity" else k: v for k, v in args.items()})
    html = report.check_claim(args)
    assert "Cannot check" in html and field.split("=")[0] in html and "Traceback" not in html


def test_the_form_checks_a_good_claim_and_refuses_unknown_fields():
    good = {"challenger": "cm384", "baseline": "nvl72", "quantity": "memory capacity"}
    assert "Verdict: holds." in report.check_claim(good | {"stated": "3.6x"})
    assert "not fields of the form" in report.check_claim(good | {"stated": "3.6x", "x": 1})


# The ladder -----------------------------------------------------------------------------------
def _claim(toy, quantity, toy_basis, nv_basis=None, stated="2x"):
    return headline.claim(toy, "toyrack", quantity, stated, toy_basis, nv_basis or {})


CASES = {  # step -> (quantity, the toy's basis, the NVL72's basis, the factor it should show)
    "peak": ("compute", {"precision": "fp64", "measured": True}, {"precision": "fp64"}, None),
    "precision": ("compute", {"precision": "fp4"}, {"precision": "fp64"}, None),
    "dense": ("compute", {"precision": "fp4", "sparse": True}, {"precision": "fp4"}, 0.5),
    "hbm": ("memory capacity", {"tier": "hbm+cpu"}, {}, None),
    "both_ways": ("scale-up bandwidth", {"direction": "one"}, {}, 2.0),
    "bytes": ("scale-up bandwidth", {"bits": True}, {}, 1 / 8),
    "decimal": ("memory capacity", {"binary": True}, {}, 1.024),
    "per_package": ("compute", {"precision": "fp8"}, {"precision": "fp8"}, None),
    "per_die": ("compute", {"precision": "fp8"}, {"precision": "fp8"}, None),
}


@pytest.mark.parametrize("key", sorted(CASES))
def test_each_step_alone_moves_the_ratio_by_its_factor_from_the_registry(toy, key):
    quantity, tb, nb, factor = CASES[key]
    c = _claim(toy, quantity, tb, nb)
    ladder = headline.normalise(c, [key])
    [rung] = ladder.rungs
    assert rung.taken, rung.note
    assert rung.after == pytest.approx(rung.before * rung.factor)
    if factor is not None:
        assert rung.factor == pytest.approx(factor)
    new = ladder.bases
    assert rung.after == pytest.approx(
        figure_on(toy, quantity, new[0]) / figure_on("toyrack", quantity, new[1])
    )


def test_the_factors_are_what_the_registry_says(toy):
    nv = specs.system("toyrack")
    c = _claim(toy, "memory capacity", {"tier": "hbm+cpu"})
    [rung] = headline.normalise(c, ["hbm"]).rungs
    hbm = toy.hbm_capacity.value
    assert rung.factor == pytest.approx(hbm / (hbm + toy.cpu_memory.value))
    c = _claim(toy, "compute", {"precision": "fp8"}, {"precision": "fp8"})
    rungs = headline.normalise(c, ["per_die"]).rungs
    assert rungs[0].factor == pytest.approx(nv.n / toy.n)


@pytest.mark.parametrize(("a", "b"), list(combinations(sorted(CASES), 2)))
def test_steps_in_combination_multiply_and_end_on_one_basis(toy, a, b):
    """Two steps together: the ratio is the product of the factors taken, whatever order they
    are named in, and it is the ratio of the figures on the bases they end on."""
    qa, ta, na, _ = CASES[a]
    qb, tb, nb, _ = CASES[b]
    if qa != qb or set(ta) & set(tb) or set(na) & set(nb):
        pytest.skip("the two steps concern different quantities, or set the same attribute")
    c = _claim(toy, qa, ta | tb, na | nb)
    one = headline.normalise(c, [a, b])
    other = headline.normalise(c, [b, a])
    assert one.ratio == pytest.approx(other.ratio)
    product = one.as_claimed
    for rung in one.rungs:
        product *= rung.factor if rung.taken else 1
    assert product == pytest.approx(one.ratio)
    assert one.ratio == pytest.approx(c.ratio(one.bases))


@pytest.mark.parametrize("key", [s.key for s in headline.STEPS])
def test_a_step_then_its_undo_is_the_identity(toy, key):
    s = headline.step(key)
    for quantity, tb, nb, _ in CASES.values():
        c = _claim(toy, quantity, tb, nb)
        if not s.applies(c):
            continue
        try:
            new, memo = s.apply(c, c.bases)
        except headline.Missing:
            continue
        assert s.undo(new, memo) == c.bases


@given(
    st.sampled_from(["fp4", "fp8", "fp64"]),
    st.booleans(),
    st.sampled_from(["hbm", "hbm+cpu"]),
    st.sampled_from(["one", "both"]),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["system", "package", "die"]),
    st.sampled_from([s.key for s in headline.STEPS]),
)
def test_undo_is_the_identity_on_any_basis(
    precision, sparse, tier, direction, bits, binary, scope, key
):
    basis = Basis(precision, sparse, False, tier, direction, bits, binary, scope)
    c = headline.Claim(
        specs.CM384, specs.NVL72, "compute", headline.read_stated("2x"), (basis, Basis(scope=scope))
    )
    s = headline.step(key)
    try:
        new, memo = s.apply(c, c.bases)
    except headline.Missing:
        return
    assert s.undo(new, memo) == c.bases


def test_a_step_that_needs_a_missing_figure_is_not_taken_and_says_which(toy):
    c = headline.claim("cm384", toy, "compute", "2x", {}, {"precision": "fp8", "sparse": True})
    rung = next(r for r in headline.normalise(c, ["per_die"]).rungs)
    assert not rung.taken and "dies" in rung.note


def test_a_claim_the_registry_cannot_check_names_the_missing_figure(toy):
    c = headline.claim(toy, "cm384", "power", "2x")
    v = headline.verdict(c)
    assert v.verdict == "cannot be checked" and "toypod.power" in v.reason


# Verdicts -------------------------------------------------------------------------------------
def test_the_new_verdicts_have_rules():
    assert set(factcheck.VERDICTS) >= {"wrong", "cannot be checked"}
    assert set(factcheck.VERDICT_RULES) == set(factcheck.VERDICTS)
    assert factcheck.stated_verdict(None, 2.0) == "cannot be checked"
    assert factcheck.stated_verdict(0.5, 2.0, 0.1) == "wrong"
    assert factcheck.stated_verdict(3.56, 3.6, 0.1) == "holds"
    assert factcheck.stated_verdict(4.0, 3.6, 0.1) == "holds with caveats"
    assert factcheck.stated_verdict(3.0, 3.6, 0.1) == "misleading"
    assert factcheck.stated_verdict(24.4, 24, 1, at_least=True) == "holds"


def test_notebook_08s_verdicts_keep_their_labels():
    assert {v.verdict for v in factcheck.verdicts()} <= set(factcheck.VERDICTS[:3])


def test_a_claim_that_holds_only_on_its_own_basis_is_misleading(toy):
    c = headline.claim(
        toy, "toyrack", "compute", "32x", {"precision": "fp4", "sparse": True}, {"precision": "fp8"}
    )
    v = headline.verdict(c)
    assert v.as_claimed == pytest.approx(32)
    assert v.verdict in ("misleading", "wrong") and v.like_for_like < v.as_claimed


def test_an_ambiguous_claim_shows_a_verdict_for_each_reading():
    c = headline.claim("cm384", "nvl72", "memory capacity", "3.6x more")
    v = headline.verdict(c)
    assert [label for _, label in v.readings] == ["holds", "misleading"]
    assert "Ambiguous" in v.reason


def test_the_verdict_table_and_the_rules_table_list_every_claim_and_verdict():
    c = headline.claim("cm384", "nvl72", "memory capacity", "3.6x")
    assert len(report.verdict_table([c, c]).rows) == 2
    assert [r[0] for r in report.rules_table().rows] == list(factcheck.VERDICTS)
    assert report.moves_table(c).rows


# The shipped headlines --------------------------------------------------------------------------
GOLDEN = {  # headline -> the verdict on each of its claims, in order
    "huawei_atlas950": ("misleading", "holds with caveats", "holds with caveats"),
    "google_ironwood": ("wrong",),
    "nvidia_rubin_bandwidth": ("holds",),
    "nvidia_rubin_compute": ("misleading",),
}


@pytest.mark.parametrize("key", sorted(GOLDEN))
def test_golden_verdicts_of_the_shipped_headlines(key):
    h = shipped.headline(key)
    assert [headline.verdict(c).verdict for c in h.claims()] == list(GOLDEN[key])


@pytest.mark.parametrize("key", sorted(shipped.HEADLINES))
def test_each_headline_is_quoted_sourced_dated_and_its_ratios_are_in_its_words(key):
    h = shipped.headline(key)
    assert h.source.key in specs.SOURCES and h.source.date and h.said
    assert h.source.url or h.source.no_url_reason
    for c in h.claims():
        assert c.stated.text in h.quote
    whose = h.provenance()
    assert whose.endswith("own text.") == h.makers_text
    assert h.makers_text or "not available to the course" in whose


def test_the_huawei_memory_claim_sets_hbm_against_hbm_and_cpu_memory():
    c = shipped.headline("huawei_atlas950").claims()[1]
    ladder = headline.normalise(c)
    taken = {r.step.key: r for r in ladder.rungs if r.taken}
    assert set(taken) == {"hbm", "decimal"}
    assert taken["decimal"].factor == pytest.approx(1024 / 1000)
    vr = specs.system("vr_nvl72")
    hbm = vr.hbm_capacity.value
    assert taken["hbm"].factor == pytest.approx((hbm + vr.cpu_memory.value) / hbm)


def test_googles_claim_reverses_at_one_precision_peak_against_peak():
    c = shipped.headline("google_ironwood").claims()[0]
    v = headline.verdict(c)
    assert v.as_claimed >= c.stated.value > 1 > v.like_for_like


def test_the_widget_and_the_form_start_on_huaweis_pair():
    from helpers import widgets

    form = widgets.claim_form()
    assert form.fields["challenger"].value == "atlas950"
    assert "Cannot check" in form.check()  # no ratio written yet: a message, not a traceback
    form.fields["stated"].value = "6.7 times"
    assert "Verdict:" in form.check()
