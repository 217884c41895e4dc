"""Every figure is sourced, every total is per-chip x count, and the article's ratios are
recomputed and compared with the difference shown."""

import math

import pytest

from helpers import claims, specs
from helpers.specs import CM384, FIGURES, NVL72, SYSTEMS


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_figure_is_sourced(name):
    fig = FIGURES[name]
    assert fig.kind in specs.KINDS
    assert fig.unit, f"{name} has no unit"
    assert math.isfinite(fig.value)
    if fig.kind == "derived":
        assert fig.inputs and all(i in FIGURES for i in fig.inputs), name
        assert fig.formula
        assert specs.sources_of(fig), f"{name} leads to no source"
    else:
        src = fig.source
        assert src is not None, name
        assert src.title and src.date
        assert src.url or src.no_url_reason, f"{name}: a source needs a URL or the reason for none"
    if fig.kind == "assumption":
        assert fig.low is not None and fig.high is not None and fig.low <= fig.value <= fig.high
        assert fig.note, f"assumption {name} must say why"
    if fig.unit == "B/s" and "hbm" not in name:  # memory bandwidth has no direction
        assert fig.direction in ("one", "both"), f"link bandwidth {name} must say its direction"


def test_sources_are_complete():
    for src in specs.SOURCES.values():
        assert src.url is None or src.url.startswith("https://")
        assert src.url or src.no_url_reason


@pytest.mark.parametrize("system", SYSTEMS.values(), ids=lambda s: s.key)
def test_system_totals_agree_with_quotes_within_their_rounding(system):
    for quantity, quoted in system.quoted.items():
        ours = FIGURES[f"{system.key}.{quantity}"]
        assert ours.kind == "derived"
        assert ours.unit == quoted.unit
        assert quoted.step > 0, f"{quoted.name} must give its rounding step"
        assert abs(ours.value - quoted.value) <= quoted.step / 2, (
            f"{ours.name} = {ours.value:.6g} but {quoted.name} quotes {quoted.quoted}"
        )


@pytest.mark.parametrize("system", SYSTEMS.values(), ids=lambda s: s.key)
def test_totals_are_chips_times_per_chip(system):
    n = system.chips.value
    assert system.bf16_dense.value == n * system.chip.bf16_dense.value
    assert system.hbm_capacity.value == n * system.chip.hbm_capacity.value
    assert system.hbm_bandwidth.value == n * system.chip.hbm_bandwidth.value
    assert system.power_per_chip.value == pytest.approx(system.power.value / n)


def test_hand_computed_totals():
    assert CM384.bf16_dense.value == pytest.approx(299.52e15)
    assert CM384.hbm_capacity.value == pytest.approx(49.152e12)
    assert CM384.hbm_bandwidth.value == pytest.approx(1228.8e12)
    assert NVL72.hbm_capacity.value == pytest.approx(13.824e12)
    assert CM384.scale_up_bandwidth.value == pytest.approx(301.056e12)  # PAPER's 392 GB/s, used
    assert FIGURES["cm384.scale_up_bandwidth_sa"].value == pytest.approx(268.8e12)  # the spread
    assert NVL72.scale_up_bandwidth.value == pytest.approx(129.6e12)
    assert FIGURES["ascend910c.bf16_dense_paper"].value == pytest.approx(752e12)


def test_per_link_figures_add_up_to_per_chip_figures():
    links = FIGURES["ascend910c.ub_links_per_die"].value * FIGURES["ascend910c.dies"].value
    assert links * FIGURES["ascend910c.ub_link_bandwidth"].value == pytest.approx(392e9)
    nvlink = FIGURES["b200.nvlink_links"].value * FIGURES["b200.nvlink_link_bandwidth"].value
    assert nvlink == pytest.approx(2 * specs.B200.scale_up_bandwidth.value)  # both ways
    # SA's 5,376 scale-up modules: a module at each end of 2,688 cables, 7 per NPU (2.8 Tb/s);
    # the graph's 5,376 logical links are two per cable, and are not modules.
    cables = FIGURES["cm384.optical_cables_scale_up"].value
    assert cables == FIGURES["cm384.transceivers_scale_up"].value / 2
    assert cables / CM384.n * FIGURES["cm384.transceiver_rate"].value == pytest.approx(
        FIGURES["ascend910c.scale_up_bandwidth_sa"].value
    )
    assert FIGURES["cm384.ub_optical_links"].value == 2 * cables
    transceivers = FIGURES["cm384.transceivers_scale_up"].value
    transceivers += FIGURES["cm384.transceivers_scale_out"].value
    assert transceivers == FIGURES["cm384.transceivers"].value


@pytest.mark.parametrize(
    ("key", "stated", "recomputed"),
    [
        ("compute", 1.6, 384 * 780 / (72 * 2500)),
        ("memory", 3.6, 384 * 128 / (72 * 192)),
        ("bandwidth", 2.1, 384 * 3.2 / (72 * 8)),
    ],
)
def test_article_ratios_recomputed_and_difference_shown(key, stated, recomputed):
    c = claims.claim(key)
    assert c.article_ratio.value == stated
    assert c.ratio().value == pytest.approx(recomputed, rel=1e-12)
    assert c.difference() == pytest.approx(recomputed - stated, rel=1e-9)
    assert c.agrees() is True
    assert f"{recomputed:.3g}x" in c.recomputed()


def test_memory_ratio_spread_uses_both_b200_capacities():
    lo, hi = claims.claim("memory").ratio_range()
    assert lo == pytest.approx(49.152 / 13.824)
    assert hi == pytest.approx(49.152 / 13.392)


def test_a_claim_that_rounds_wrong_is_caught():
    c = claims.claim("memory")
    wrong = specs.Figure("test.ratio", 3.9, "1", "article", specs.ARTICLE, quoted="3.9x", step=0.1)
    assert claims.Claim(**{**c.__dict__, "article_ratio": wrong}).agrees() is False


def test_spreads_list_the_used_value_first():
    for topic, figures in specs.SPREADS.items():
        lo, hi = specs.spread(topic)
        assert lo <= specs.used(topic).value <= hi
        assert len(figures) >= 2


def test_bad_names_raise_value_error_naming_the_parameter():
    with pytest.raises(ValueError, match=r"name='b200\.nope'"):
        specs.get("b200.nope")
    with pytest.raises(ValueError, match="key='h100'"):
        specs.system("h100")
    with pytest.raises(ValueError, match="topic="):
        specs.spread("unknown")
    with pytest.raises(ValueError, match="key='nope'"):
        claims.claim("nope")


def test_a_ratio_of_different_units_is_refused():
    with pytest.raises(ValueError, match="unit"):
        specs.ratio(CM384.power, CM384.bf16_dense)


def test_figures_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="twice"):
        specs._register(CM384.power)


def test_model_kv_cache_figures_match_facts():
    ll = specs.LLAMA3_70B
    kv_bytes = 2 * ll.layers.value * ll.kv_heads.value * ll.head_dim.value * 2  # K and V, BF16
    assert kv_bytes == 320 * 1024
    ds = specs.DEEPSEEK_V3
    mla_bytes = ds.layers.value * (ds.kv_latent.value + ds.kv_rope.value) * 2
    assert mla_bytes == pytest.approx(70e3, rel=0.01)
    assert ds.is_moe and not ll.is_moe
