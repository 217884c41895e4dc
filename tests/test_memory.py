"""The memory model against hand-computed cases, its properties, and notebook 03's widget."""

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import memory, specs, widgets
from helpers.specs import B200, CM384, DEEPSEEK_V3, FIGURES, LLAMA3_70B, NVL72

LLAMA_KV_PER_TOKEN = 2 * 80 * 8 * 128 * 2  # K and V x layers x KV heads x head size x BF16
DS_KV_PER_TOKEN = 61 * (512 + 64) * 2  # layers x (latent + RoPE key) x BF16
contexts = st.integers(min_value=0, max_value=1 << 20)
batches = st.integers(min_value=0, max_value=1 << 12)
models = st.sampled_from(list(specs.MODELS.values()))
precisions = st.sampled_from(list(memory.PRECISION_BYTES))


def test_bytes_per_element():
    assert memory.PRECISION_BYTES == {
        "fp32": 4,
        "bf16": 2,
        "fp16": 2,
        "fp8": 1,
        "int8": 1,
        "int4": 0.5,
    }


def test_training_state_is_16_bytes_per_parameter_as_zero_counts_it():
    parts = memory.training_breakdown("bf16", "adam")
    assert parts == {
        "weights": 2,
        "gradients": 2,
        "FP32 master weights": 4,
        "optimizer states": 8,
    }
    assert memory.training_bytes_per_param() == FIGURES["zero.training_bytes_per_param"].value
    assert memory.training_bytes_per_param("fp32", "adam") == 16  # no separate master copy
    assert memory.training_bytes_per_param("bf16", "sgd_momentum") == 12
    assert memory.training_bytes_per_param("bf16", "sgd") == 8
    assert memory.inference_bytes_per_param("int8") == 1


def test_kv_cache_by_hand():
    assert memory.kv_bytes_per_token(LLAMA3_70B) == LLAMA_KV_PER_TOKEN == 320 * 1024
    assert memory.kv_bytes_per_token(DEEPSEEK_V3) == DS_KV_PER_TOKEN == 70_272  # about 70 KB
    assert memory.kv_bytes_per_token(DEEPSEEK_V3, "int8") == DS_KV_PER_TOKEN / 2
    assert memory.kv_cache_bytes(LLAMA3_70B, 8192, 32) == 32 * 8192 * LLAMA_KV_PER_TOKEN
    assert memory.kv_cache_bytes(LLAMA3_70B, 8192, 32) == pytest.approx(85.9e9, rel=1e-3)
    assert memory.kv_cache_bytes(LLAMA3_70B, 0, 5) == 0


def test_weights_and_serving_by_hand():
    assert memory.weight_bytes(LLAMA3_70B) == pytest.approx(141.2e9)
    assert memory.weight_bytes(DEEPSEEK_V3, "int8") == pytest.approx(671e9)
    serving = memory.serving_bytes(LLAMA3_70B, 4096, 2, "bf16", kv_precision="int8")
    assert serving == pytest.approx(141.2e9 + 2 * 4096 * LLAMA_KV_PER_TOKEN / 2)
    assert memory.training_state_bytes(DEEPSEEK_V3) == pytest.approx(671e9 * 16)


@pytest.mark.parametrize(
    ("need", "system", "where"),
    [
        (128e9, CM384, "one chip"),
        (128e9 + 1, CM384, "one system"),
        (128e9 + 1, NVL72, "one chip"),
        (192e9 + 1, NVL72, "one system"),
        (49.152e12, CM384, "one system"),
        (49.152e12 + 1, CM384, "neither"),
        (13.824e12 + 1, NVL72, "neither"),
        (0, NVL72, "one chip"),
    ],
)
def test_fits(need, system, where):
    assert memory.fits(need, system) == where


def test_chips_needed():
    assert memory.chips_needed(141.2e9, CM384) == 2
    assert memory.chips_needed(141.2e9, NVL72) == 1
    assert memory.chips_needed(0, NVL72) == 1


def test_what_only_the_larger_memory_holds():
    assert memory.max_trainable_params(CM384.hbm_capacity.value) == pytest.approx(3.072e12)
    assert memory.max_trainable_params(NVL72.hbm_capacity.value) == pytest.approx(0.864e12)
    # DeepSeek-R1 in INT8 fits either; the KV room differs
    weights = memory.weight_bytes(DEEPSEEK_V3, "int8")
    for s in specs.ARTICLE_PAIR.systems:
        assert memory.fits(weights, s) == "one system"
    per_seq = 4096 * DS_KV_PER_TOKEN / 2
    assert memory.max_batch(CM384.hbm_capacity.value, DEEPSEEK_V3, 4096, "int8") == math.floor(
        (49.152e12 - 671e9) / per_seq
    )
    assert memory.max_batch(100e9, DEEPSEEK_V3, 4096, "int8") == 0  # weights alone overflow


def test_read_all_seconds():
    assert memory.read_all_seconds(CM384) == pytest.approx(49.152 / 1228.8)  # 40 ms
    assert memory.read_all_seconds(NVL72) == pytest.approx(13.824 / 576)  # 24 ms


def test_expert_split_reproduces_total_and_active_parameters():
    always, routed = memory.expert_split(DEEPSEEK_V3)
    assert always + routed == pytest.approx(671e9)
    assert always + routed * 8 / 256 == pytest.approx(37e9)
    assert routed == pytest.approx((671e9 - 37e9) / (1 - 8 / 256))
    assert memory.expert_split(LLAMA3_70B) == (70.6e9, 0.0)


def test_weights_read_per_decode_step():
    assert memory.weights_read_per_step(DEEPSEEK_V3, 1) == pytest.approx(37e9)
    assert memory.weights_read_per_step(DEEPSEEK_V3, 10_000) == pytest.approx(671e9)
    assert memory.weights_read_per_step(LLAMA3_70B, 64) == 70.6e9


def test_decode_bound_by_hand():
    bw = B200.hbm_bandwidth.value
    single = memory.decode_tokens_per_s_bound(LLAMA3_70B, 1, 0, bw)
    assert single == pytest.approx(8e12 / 141.2e9)  # about 57 tokens/s
    got = memory.decode_tokens_per_s_bound(LLAMA3_70B, 16, 4096, bw)
    assert got == pytest.approx(16 * 8e12 / (141.2e9 + 16 * 4096 * LLAMA_KV_PER_TOKEN))
    assert memory.decode_intensity(LLAMA3_70B, 1, 0) == pytest.approx(1.0)


def test_paper_decode_bound_by_hand():
    p = memory.paper_decode()
    assert (p.npus, p.dies, p.batch_per_npu, p.context, p.tokens_per_step) == (
        160,
        320,
        96,
        4096,
        2,
    )
    expert = (671e9 - 37e9) / (1 - 8 / 256) / 256  # one routed expert, all MoE layers
    rest = 671e9 - 256 * expert - expert  # attention, dense layers, embeddings (not shared)
    weights = 320 * expert + rest  # INT8: a byte per parameter; every die reads its expert
    kv = 160 * 96 * 4096 * DS_KV_PER_TOKEN / 2  # INT8
    step = (weights + kv) / (160 * 3.2e12)
    assert p.weight_bytes == pytest.approx(weights)
    assert p.bound_per_npu == pytest.approx(96 * 2 / step)
    assert p.tpot_bound == pytest.approx(step / 2)
    assert p.measured_per_npu < p.bound_per_npu
    assert p.fraction == pytest.approx(0.060, abs=0.002)
    assert memory.paper_decode("bf16").fraction == pytest.approx(0.104, abs=0.002)
    # one token per step halves the bound; more sequences per NPU never lower it
    assert memory.paper_decode(tokens_per_step=1).bound_per_npu == pytest.approx(
        p.bound_per_npu / 2
    )
    assert memory.paper_decode(batch_per_npu=128).bound_per_npu > p.bound_per_npu
    # the paper's own figures agree with each other: batch = tokens/s x time per token
    assert p.measured_per_npu * p.tpot_measured == pytest.approx(p.batch_per_npu, rel=0.01)


def test_every_die_reads_its_expert():
    one = memory.expert_parallel_weight_bytes(DEEPSEEK_V3, 1, precision="int8")
    more = memory.expert_parallel_weight_bytes(DEEPSEEK_V3, 321, precision="int8")
    assert more - one == pytest.approx(320 * memory.expert_params(DEEPSEEK_V3))
    # 256 dies holding the 256 routed experts and one the shared one read the whole model once
    whole = memory.expert_parallel_weight_bytes(DEEPSEEK_V3, 257, precision="int8")
    assert whole == pytest.approx(671e9)
    with pytest.raises(ValueError, match="is dense"):
        memory.expert_params(LLAMA3_70B)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: memory.bytes_per_element("fp7"), "precision='fp7'"),
        (lambda: memory.training_breakdown("bf16", "lion"), "optimizer='lion'"),
        (lambda: memory.kv_cache_bytes(LLAMA3_70B, -1), "context=-1"),
        (lambda: memory.kv_cache_bytes(LLAMA3_70B, 10, -2), "batch=-2"),
        (lambda: memory.kv_cache_bytes(LLAMA3_70B, float("nan")), "context=nan"),
        (lambda: memory.kv_cache_bytes(LLAMA3_70B, 10, precision="bf17"), "precision='bf17'"),
        (lambda: memory.fits(-1, CM384), "bytes_needed=-1"),
        (lambda: memory.max_trainable_params(-5), "capacity=-5"),
        (lambda: memory.max_batch(1e12, LLAMA3_70B, 0), "context=0"),
        (lambda: memory.weights_read_per_step(DEEPSEEK_V3, 0), "batch=0"),
        (lambda: memory.decode_tokens_per_s_bound(LLAMA3_70B, 1, 1, 0), "bandwidth=0"),
        (lambda: memory.decode_tokens_per_s_bound(LLAMA3_70B, 1, -1, 1e12), "context=-1"),
    ],
)
def test_bad_input_raises_value_error_naming_the_parameter(call, match):
    with pytest.raises(ValueError, match=match.replace(".", r"\.")):
        call()


@given(models, precisions, contexts, batches, batches)
def test_kv_cache_grows_linearly_with_batch(model, precision, context, b1, b2):
    kv = memory.kv_cache_bytes
    together = kv(model, context, b1 + b2, precision)
    assert together == pytest.approx(
        kv(model, context, b1, precision) + kv(model, context, b2, precision)
    )
    assert kv(model, context, 3 * b1, precision) == pytest.approx(
        3 * kv(model, context, b1, precision)
    )


@given(models, precisions, contexts, contexts, batches)
def test_memory_grows_linearly_with_context(model, precision, c1, c2, batch):
    def kv(c):
        return memory.serving_bytes(model, c, batch, precision) - memory.weight_bytes(
            model, precision
        )

    assert kv(c1 + c2) == pytest.approx(kv(c1) + kv(c2), rel=1e-9, abs=1e-3)
    assert kv(2 * c1) == pytest.approx(2 * kv(c1), rel=1e-9, abs=1e-3)


@given(models, precisions, contexts, st.integers(min_value=1, max_value=1 << 12))
def test_decode_bound_properties(model, precision, context, batch):
    bw = 1e12
    bound = memory.decode_tokens_per_s_bound(model, batch, context, bw, precision)
    # twice the bandwidth, twice the bound; never above what the weights alone allow
    assert memory.decode_tokens_per_s_bound(model, batch, context, 2 * bw, precision) == (
        pytest.approx(2 * bound)
    )
    weights = memory.weights_read_per_step(model, batch) * memory.bytes_per_element(precision)
    assert bound <= batch * bw / weights * (1 + 1e-12)
    # a bigger batch never lowers the bound for the whole batch
    assert memory.decode_tokens_per_s_bound(model, batch + 1, context, bw, precision) >= (
        bound * (1 - 1e-12)
    )


@given(models, st.integers(min_value=1, max_value=1 << 16))
def test_moe_reads_between_active_and_all_parameters(model, batch):
    read = memory.weights_read_per_step(model, batch)
    assert model.active_params.value * (1 - 1e-12) <= read <= model.params.value * (1 + 1e-12)
    assert memory.weights_read_per_step(model, batch + 1) >= read


def test_tables_show_the_article_and_the_hand_computed_figures():
    cap = repr(memory.capacity_table())
    for text in ("3.56x", "3.67x", "2.13x", "13.8 TB", "13.4 TB", "49.2 TB", "1229 TB/s"):
        assert text in cap
    room = repr(memory.room_table())
    assert "3.07 T" in room and "0.864 T" in room and "671 GB" in room
    assert "16 B" in repr(memory.training_table())
    assert "320 KiB" in repr(memory.kv_table()) and "70.3 kB" in repr(memory.kv_table())
    assert "1,943" in repr(memory.paper_table()) and "6.01 %" in repr(memory.paper_table())
    assert "course's assumption" in repr(memory.paper_inputs_table())
    b200 = repr(memory.b200_table())
    assert all(t in b200 for t in ("192 GB", "186 GB", "180 GB", "7.7 TB/s", "2.25 PFLOP/s"))
    assert "13.5 TB" in b200 and "13.4 TB" in b200
    per_param = repr(memory.bytes_per_param_table())
    assert "depends on the recipe" in per_param and "14 B" not in per_param  # no unsourced FP8
    assert "Adam" in per_param and "adam" not in per_param
    assert "336,867" in room and "168,433" in room and "KV cache in BF16" in room
    assert memory.room_ratio() == pytest.approx(336_867 / 91_392)
    read = repr(memory.read_all_table())
    assert "40 ms" in read and "24 ms" in read and "1.67x" in read
    assert "time to read" not in cap
    sources = {s.key for s in specs.sources_of(*memory.figures_used())}
    assert {"SA", "NV-NVL72", "PAPER", "ZERO", "LLAMA3", "DSV3", "HC2025"} <= sources


def test_footprint_matches_the_parts():
    f = memory.footprint(LLAMA3_70B, "bf16", 8, 8192)
    assert f.serving == pytest.approx(141.2e9 + 8 * 8192 * LLAMA_KV_PER_TOKEN)
    assert f.training_state == pytest.approx(16 * 70.6e9)
    assert f.serving_fit == {"cm384": "one system", "nvl72": "one chip"}
    assert f.decode_bound["cm384"] / f.decode_bound["nvl72"] == pytest.approx(1228.8 / 576)


# ---- notebook 03's widget --------------------------------------------------------------------
def test_fit_words():
    from helpers.widgets.memory import fit_words

    def words(a, b):
        return fit_words({"cm384": a, "nvl72": b})

    assert words("one chip", "one chip") == "fits one chip of either"
    assert words("one system", "one chip") == "fits one B200, not one Ascend 910C"
    assert words("one system", "neither") == "fits only CM384"
    assert words("neither", "neither") == "fits neither system"


def test_memory_calculator_says_what_fits_and_when_nothing_does():
    w = widgets.memory_calculator()
    assert "fits one B200, not one Ascend 910C" in w.figure.axes[0].get_title()
    w.set(batch=1024, context=131072)  # 44 TB of KV cache: only the CM384 holds it
    assert "Serving fits only CM384" in w.figure.axes[0].get_title()
    w.set(precision="fp32")
    assert w.readout.value.count("does not fit") == 2
    assert "Serving fits neither system" in w.figure.axes[0].get_title()
    w.set(model_key="deepseek_v3", precision="int8", batch=1, context=4096)
    assert "fits either system" in w.figure.axes[0].get_title()
    assert "tokens/s" in w.readout.value


def test_static_drawings_draw_without_error():
    from helpers import plots

    picture = plots.show(widgets.draw_memory_systems, "c", layout=widgets.two_panels)
    assert picture.png.startswith(b"\x89PNG")
    for draw in (widgets.draw_decode_bound, widgets.draw_kv_room):
        assert plots.show(draw, "c").png.startswith(b"\x89PNG")


def test_the_calculator_axes_hold_every_setting():
    from itertools import product

    from helpers.widgets import memory as calc

    grid = product(specs.MODELS.values(), calc.SERVING_PRECISIONS, (1, 1024), (512, 131072))
    for model, precision, batch, context in grid:
        f = memory.footprint(model, precision, batch, context)
        for v in (f.weights, f.kv_cache, f.serving, f.training_state):
            assert calc.MEMORY_RANGE[0] <= v <= calc.MEMORY_RANGE[1], (model.key, precision)
        for key, bound in f.decode_bound.items():
            if f.serving_fit[key] != "neither":
                assert calc.DECODE_RANGE[0] <= bound <= calc.DECODE_RANGE[1], (model.key, key)


def test_llama_beyond_its_window_is_llama_3_1():
    assert memory.model_name_at(LLAMA3_70B, 8192) == "Llama 3 70B"
    assert memory.model_name_at(LLAMA3_70B, 32768) == "Llama 3.1 70B"
    assert "past its" in memory.model_name_at(LLAMA3_70B, 2**18)
    assert memory.model_name_at(DEEPSEEK_V3, 2**17) == DEEPSEEK_V3.name


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: memory.kv_cache_bytes(LLAMA3_70B, True), "context=True"),
    ],
)
def test_a_value_of_the_wrong_type_raises_type_error_naming_the_parameter(call, match):
    with pytest.raises(TypeError, match=re.escape(match.replace("\\", ""))):
        call()
