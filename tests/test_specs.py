"""Every figure is sourced, every total is per-chip x count, and the article's ratios are
recomputed and compared with the difference shown."""

import math
import re

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
    """Every quoted total is chips x the per-chip figure within its rounding, or its mismatch is
    recorded (``System.mismatches``, with the reason) and real: never forced either way."""
    assert set(system.mismatches) <= set(system.quoted), "a mismatch names a quoted total"
    assert set(system.quoted_base) <= set(system.quoted)
    assert set(system.quoted_base.values()) <= {"binary", "decimal"}
    for quantity, quoted in system.quoted.items():
        ours = FIGURES[f"{system.key}.{quantity}"]
        assert ours.kind == "derived"
        assert ours.unit == quoted.unit
        assert quoted.step > 0, f"{quoted.name} must give its rounding step"
        agrees = abs(ours.value - quoted.value) <= quoted.step / 2
        if quantity in system.mismatches:
            assert not agrees, f"{quoted.name} agrees now: drop its recorded mismatch"
            assert system.mismatches[quantity] and quoted.note
        else:
            assert agrees, (
                f"{ours.name} = {ours.value:.6g} but {quoted.name} quotes {quoted.quoted}"
            )
        if system.quoted_base.get(quantity) == "binary":
            assert "binary" in quoted.quoted and "binary" in quoted.note


@pytest.mark.parametrize("system", SYSTEMS.values(), ids=lambda s: s.key)
def test_totals_are_chips_times_per_chip(system):
    """A total is chips x the per-chip figure, and ``None`` exactly when the maker publishes no
    per-chip figure (never a guess)."""
    n = system.chips.value
    for quantity in ("bf16_dense", "hbm_capacity", "hbm_bandwidth"):
        per_chip, ours = getattr(system.chip, quantity), getattr(system, quantity)
        assert (ours is None) == (per_chip is None), (system.key, quantity)
        if ours is not None:
            assert ours.value == n * per_chip.value
    if system.chip.scale_up_bandwidth is None:
        assert system.scale_up_bandwidth is None
    else:
        assert system.scale_up_bandwidth.value == 2 * n * system.chip.scale_up_bandwidth.value
    if system.power is None:
        assert system.power_per_chip is None
    else:
        assert system.power_per_chip.value == pytest.approx(system.power.value / n)


@pytest.mark.parametrize("system", SYSTEMS.values(), ids=lambda s: s.key)
def test_every_system_is_sourced_and_dated(system):
    """Kind, status and an ISO date; every figure it carries leads to a source."""
    assert system.kind in ("rack", "supernode", "pod", "supercomputer")
    assert system.status in ("shipped", "announced")
    if system not in specs.ARTICLE_PAIR.systems:  # the article's pair carries no date yet
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", system.date), system.date
    carried = [system.chips, *system.quoted.values(), *system.measured.values()]
    carried += [f for f in (system.power, system.cpus, system.racks, system.cpu_memory) if f]
    for fig in carried:
        assert fig.name in FIGURES and specs.sources_of(fig), fig.name
    assert system.domain_size <= system.n
    assert system.topology is None or system.topology.kind in (
        "one_level",
        "two_level_clos",
        "torus",
        "unpublished",
    )


@pytest.mark.parametrize("system", SYSTEMS.values(), ids=lambda s: s.key)
def test_announced_figures_say_so(system):
    """Figures of a system not shipped are the maker's (kind vendor) and say 'announced, not
    shipped' where they are the system's own."""
    if system.status != "announced":
        return
    for fig in (system.chips, *system.quoted.values()):
        assert fig.kind == "vendor", fig.name
    notes = " ".join(system.notes).lower()
    assert "announced, not shipped" in notes, system.key


def test_at_least_six_systems_and_the_article_pair_first():
    assert len(SYSTEMS) >= 6
    assert list(SYSTEMS)[:2] == ["cm384", "nvl72"]
    keys = {"gb300_nvl72", "vr_nvl72", "atlas950", "ironwood_pod", "helios", "el_capitan"}
    assert keys <= set(SYSTEMS)
    chips = {k: SYSTEMS[k].chip.key for k in keys}
    assert chips == {
        "gb300_nvl72": "b300",
        "vr_nvl72": "rubin",
        "atlas950": "ascend_950dt",
        "ironwood_pod": "ironwood",
        "helios": "mi455x",
        "el_capitan": "mi300a",
    }
    assert {"rack", "supernode", "pod", "supercomputer"} <= {s.kind for s in SYSTEMS.values()}


@pytest.mark.parametrize(
    ("chip", "precision", "sparse", "pflops"),
    [
        ("b300", "fp4", False, 15),
        ("b300", "fp4", True, 20),  # NVIDIA's 20 | 15: not 2:1
        ("b300", "fp8", True, 10),
        ("b300", "fp8", False, 5),  # derived by NVIDIA's 2:1 rule
        ("b300", "bf16", False, 2.5),
        ("b300", "fp64", False, 0.0013),
        ("rubin", "fp4", True, 50),  # "NVFP4 Inference specification is sparse."
        ("rubin", "fp4", False, 35),  # "Dense specification."
        ("rubin", "fp8", False, 17.5),
        ("ascend_950dt", "fp8", False, 1),
        ("ascend_950dt", "fp4", False, 2),
        ("ironwood", "fp8", False, 4.614),
        ("ironwood", "bf16", False, 2.307),
        ("mi455x", "fp4", False, 40.3),
        ("mi455x", "fp8", False, 20.1),
        ("mi455x", "bf16", True, 10.1),
        ("mi300a", "fp64", False, 0.0613),
    ],
)
def test_peaks_per_precision(chip, precision, sparse, pflops):
    fig = specs.CHIPS[chip].peak(precision, sparse)
    assert fig.value == pytest.approx(pflops * 1e15)
    assert fig.unit == "FLOP/s"


def test_b300_dense_figures_derived_by_the_2_to_1_rule_say_so():
    for name in ("b300.fp8_dense", "b300.bf16_dense"):
        fig = FIGURES[name]
        assert fig.kind == "derived" and "sparse / 2" in fig.formula
    assert FIGURES["b300.fp4_dense"].kind == "vendor"  # published, not derived
    fp4 = specs.CHIPS["b300"]
    assert fp4.peak("fp4", True).value / fp4.peak("fp4").value == pytest.approx(4 / 3)


@pytest.mark.parametrize(
    ("key", "precision", "sparse"),
    [
        ("rubin", "bf16", False),
        ("rubin", "bf16", True),
        ("rubin", "fp64", False),
        ("ascend_950dt", "bf16", False),
        ("ascend_950dt", "fp8", True),
        ("ironwood", "fp4", False),
        ("mi455x", "fp4", True),
        ("mi300a", "fp8", False),
    ],
)
def test_not_published_is_none(key, precision, sparse):
    assert specs.CHIPS[key].peak(precision, sparse) is None
    for system in SYSTEMS.values():
        if system.chip.key == key:
            assert system.peak(precision, sparse) is None


def test_not_published_totals_are_none():
    for key in ("vr_nvl72", "atlas950"):
        assert SYSTEMS[key].bf16_dense is None
    for key in ("vr_nvl72", "atlas950", "helios", "ironwood_pod"):
        assert SYSTEMS[key].power is None and SYSTEMS[key].power_per_chip is None
    assert SYSTEMS["gb300_nvl72"].scale_out_bandwidth is None


def test_rubin_counts_packages_and_dies_apart():
    vr = SYSTEMS["vr_nvl72"]
    assert vr.n == 72  # packages: "Vera Rubin NVL72"
    assert vr.chip.dies.value == 2
    assert FIGURES["vr_nvl72.dies"].value == vr.n * vr.chip.dies.value == 144  # "NVL144"
    assert vr.also_known_as == ("Vera Rubin NVL144",)
    assert specs.system("Vera Rubin NVL72") is vr
    assert specs.system("vera rubin nvl144") is vr  # the name it was announced by
    assert vr.status == "announced" and vr.date == "2025-03-18"
    # the totals are per package: 72 x 288 GB, not 144 x 288 GB
    assert vr.hbm_capacity.value == pytest.approx(72 * 288e9)


def test_atlas950_memory_is_a_binary_total_and_the_mismatch_shows():
    atlas = SYSTEMS["atlas950"]
    quoted, ours = atlas.quoted["hbm_capacity"], atlas.hbm_capacity
    assert atlas.quoted_base["hbm_capacity"] == "binary"
    assert quoted.value == 1152e12  # as written, "1,152 TB"
    assert ours.value == 8192 * 144e9  # chips x the per-chip 144 GB: 1,179.6 TB
    assert 8192 * 144 * 2**30 / 2**40 == 1152  # 8,192 x 144 GiB = 1,152 TiB exactly
    assert ours.value / 1e12 == pytest.approx(1179.648)
    assert ours.value / quoted.value == pytest.approx(1024 / 1000)  # the base, nothing else
    bw_quoted, bw_ours = atlas.quoted["scale_up_bandwidth"], atlas.scale_up_bandwidth
    assert bw_ours.value == pytest.approx(8192 * 2e12)  # 16.384 PB/s, both directions
    assert bw_quoted.value == pytest.approx(16.3e15)  # cut short, not rounded
    assert round(bw_ours.value / 1e14) / 10 == 16.4
    assert {"hbm_capacity", "scale_up_bandwidth"} == set(atlas.mismatches)
    assert atlas.status == "announced" and atlas.n == 8192


def test_el_capitan_measured_is_below_its_peak():
    elc = SYSTEMS["el_capitan"]
    assert elc.kind == "supercomputer" and elc.status == "shipped"
    rmax = elc.measured["fp64_hpl"]
    rpeak = elc.quoted["fp64_dense"]
    assert rmax.kind == "measured" and rmax.value == pytest.approx(1.742e18)
    assert rpeak.value == pytest.approx(2746.38e15)
    assert rmax.value < elc.peak("fp64").value < rpeak.value
    assert rmax.value / rpeak.value == pytest.approx(0.634, abs=0.001)  # HPL efficiency
    assert elc.domain_size == FIGURES["el_capitan.apus_per_node"].value == 4
    later = elc.measured["fp64_hpl_2025_11"]  # a larger machine, remeasured
    assert later.kind == "measured" and rmax.value < later.value < rpeak.value
    ironwood_fp8 = SYSTEMS["ironwood_pod"].quoted["fp8_dense"].value
    assert ironwood_fp8 / rmax.value > 24 > ironwood_fp8 / later.value  # Google's "more than 24x"


@pytest.mark.parametrize("system", SYSTEMS.values(), ids=lambda s: s.key)
def test_a_measured_result_is_below_the_peak(system):
    for name, fig in system.measured.items():
        precision = name.split("_")[0]
        peak = system.peak(precision)
        assert fig.kind == "measured" and peak is not None, name
        assert fig.value < max(peak.value, system.quoted.get(f"{precision}_dense", peak).value)


def test_ironwood_pod_is_a_torus_of_cubes():
    pod = SYSTEMS["ironwood_pod"]
    assert pod.kind == "pod" and pod.n == 9216
    assert pod.topology.kind == "torus"
    dims = pod.topology.params["dims"]
    assert math.prod(dims) * pod.topology.params["cubes"] == pod.n


def test_sources_of_new_systems_carry_when_they_were_read():
    for system in list(SYSTEMS.values())[2:]:
        for src in specs.sources_of(system.chips, *system.quoted.values()):
            assert src.accessed, src.key


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


@pytest.mark.parametrize("system", SYSTEMS.values(), ids=lambda s: s.key)
def test_figures_of_an_announced_system_say_announced(system):
    """Every figure a source gives for an announced system or its chip says so in its note or
    label (with the date, in the notes the modules share)."""
    if system.status != "announced":
        return
    prefixes = (f"{system.key}.", f"{system.chip.key}.")
    chip_figures = [f for f in (*system.chip.peaks.values(), system.chip.fp8_dense) if f]
    for fig in [f for n, f in FIGURES.items() if n.startswith(prefixes)] + chip_figures:
        if fig.kind != "derived":
            assert "announced" in f"{fig.label} {fig.note}".lower(), fig.name
