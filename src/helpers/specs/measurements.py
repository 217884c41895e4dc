"""Published measurements the course sets its models beside: the CloudMatrix paper's serving
results, the scaling book's all-reduces on 8 x H100, published nccl-tests runs on GB200 NVL72 racks
(:data:`MEASURED_RUNS`, notebook 11), and PCIe 5.0 beside NVLink and UB.
"""

from __future__ import annotations

from dataclasses import dataclass

from .core import FIGURES, Figure, G, M, Source, derive, get, record
from .sources import COREWEAVE_NCCL, COREWEAVE_NCCL_20, PAPER, PCISIG, SCALING_BOOK

# The CloudMatrix paper: DeepSeek-R1 served on the CM384 ---------------------------------------
_paper = "cm384.paper"
record(
    f"{_paper}.prefill_tokens_per_s_per_npu",
    6688,
    "token/s",
    "measured",
    PAPER,
    label="prefill throughput per NPU (DeepSeek-R1, INT8)",
)
record(
    f"{_paper}.prefill_tokens_per_s_per_tflops",
    4.45,
    "token/s/TFLOPS",
    "measured",
    PAPER,
    label="prefill throughput per TFLOPS of the NPU",
)
record(
    f"{_paper}.decode_tokens_per_s_per_npu",
    1943,
    "token/s",
    "measured",
    PAPER,
    label="decode throughput per NPU (batch 96, 4K KV cache)",
)
record(
    f"{_paper}.decode_time_per_output_token",
    49.4e-3,
    "s",
    "measured",
    PAPER,
    label="time per output token at that throughput",
    note="The abstract says <50 ms TPOT; 49.4 ms is the figure of the paper's decode table "
    "(Table 3) as the course read it. 96 sequences / 49.4 ms = 1,943 tokens/s per NPU.",
)
_PAPER_TABLE_NOTE = (
    "From the paper's decode table (Table 3) as the course read it; its abstract gives only "
    "1,943 tokens/s per NPU at <50 ms TPOT. A 2026 check could not read the paper's body, so "
    "this figure is not confirmed independently."
)
record(
    f"{_paper}.decode_batch",
    96,
    "1",
    "vendor",
    PAPER,
    label="decode batch per NPU",
    note=_PAPER_TABLE_NOTE,
)
record(
    f"{_paper}.decode_kv_length",
    4096,
    "token",
    "vendor",
    PAPER,
    label="decode KV length",
    note=_PAPER_TABLE_NOTE,
)
record(
    f"{_paper}.decode_tokens_per_s_per_npu_15ms",
    538,
    "token/s",
    "measured",
    PAPER,
    label="decode throughput per NPU at a 15 ms per-token target",
)
record(
    f"{_paper}.decode_expert_parallel_dies",
    320,
    "1",
    "vendor",
    PAPER,
    label="dies the decode experts are spread over (EP320)",
    quoted="EP320",
    note="The abstract: a large-scale expert parallelism strategy supporting EP320.",
)
record(f"{_paper}.mmlu_int8", 90.82, "%", "measured", PAPER, label="MMLU, INT8 on CM384")
record(f"{_paper}.mmlu_official", 91.05, "%", "measured", PAPER, label="MMLU, official API")
derive(
    f"{_paper}.decode_npus",
    lambda dies, per_npu: dies / per_npu,
    (FIGURES[f"{_paper}.decode_expert_parallel_dies"], get("ascend910c.dies")),
    "1",
    "EP320 dies / 2 dies per Ascend 910C",
    label="Ascend 910C NPUs of the paper's decode deployment",
)

# The scaling book: all-reduce over NVLink on 8 x H100 -----------------------------------------
record(
    "h100.nvlink_allreduce_busbw_measured",
    370 * G,
    "B/s",
    "measured",
    SCALING_BOOK,
    label="measured NVLink all-reduce bus bandwidth, 8 x H100 (arrays of about 10 GB per GPU)",
    quoted="close to 370GB/s",
    direction="one",
    note="Reached only with very large arrays: 'although only around 10GB/device' "
    "(h100.nvlink_allreduce_measured_size); smaller arrays get less.",
)
record(
    "h100.nvlink_allreduce_measured_size",
    10 * G,
    "B",
    "measured",
    SCALING_BOOK,
    label="array size per GPU at which the measured all-reduce reached about 370 GB/s",
    quoted="around 10GB/device",
)
record(
    "h100.nvlink_allreduce_busbw_medium",
    150 * G,
    "B/s",
    "measured",
    SCALING_BOOK,
    label="measured NVLink all-reduce bus bandwidth, 8 x H100, for a 58 MB array",
    quoted="around 150GB/s",
    direction="one",
    note="LLaMA-3 70B's MLP matrix with 8-way model sharding, bf16[8192, 3584] = 58 MB.",
)
record(
    "h100.nvlink_allreduce_medium_size",
    58 * M,
    "B",
    "measured",
    SCALING_BOOK,
    label="array size of the medium all-reduce measurement",
    quoted="58MB",
)
record(
    "h100.nvlink_bandwidth",
    450 * G,
    "B/s",
    "vendor",
    SCALING_BOOK,
    label="H100 NVLink 4 peak bandwidth",
    direction="one",
)
record(
    "h100.in_network_reduction_gain",
    0.30,
    "1",
    "measured",
    SCALING_BOOK,
    label="all-reduce gain from in-network reduction (NVLS)",
    quoted="about 30 %",
)


# nccl-tests on GB200 NVL72 racks (CoreWeave) --------------------------------------------------
@dataclass(frozen=True)
class MeasuredRun:
    """One published nccl-tests run: the all-reduce bus bandwidth it measured at each size.

    Attributes:
        key: short name ("gb200_1rack").
        label: what ran ("GB200 NVL72, 1 rack, 72 GPUs").
        ranks: GPUs taking part, one rank each (see ``note`` for the two-rack run).
        racks: NVL72 racks (scale-up domains) the ranks span.
        sizes: message sizes in bytes, smallest first (counts of bytes, not hardware figures).
        busbw: the out-of-place bus bandwidth at each size, one ``measured`` figure each.
        log: the file of :mod:`helpers.measure` holding the run's log as published.
        note: anything a reader must know to use it correctly.
    """

    key: str
    label: str
    ranks: int
    racks: int
    sizes: tuple[int, ...]
    busbw: tuple[Figure, ...]
    log: str
    note: str = ""


_BUSBW_NOTE = (
    "nccl-tests' bus bandwidth of an all-reduce: the algorithm bandwidth (size / time) times "
    "2(n-1)/n, the share of the vector each rank sends in a ring, so that it can be set beside "
    "a link's peak whatever the number of ranks n. Out-of-place column; GB/s = 1e9 B/s."
)


def _measured_run(
    key: str,
    label: str,
    ranks: int,
    racks: int,
    source: Source,
    rows: tuple[tuple[int, float], ...],
    note: str = "",
) -> MeasuredRun:
    figures = tuple(
        record(
            f"nccl.{key}.allreduce_busbw_{size >> 20}mib",
            busbw * G,
            "B/s",
            "measured",
            source,
            label=f"all-reduce bus bandwidth, {label}, {size >> 20} MiB",
            quoted=f"{size} B: busbw {busbw:.2f} GB/s (out-of-place)",
            direction="one",
            note=f"{_BUSBW_NOTE} {note}".strip(),
        )
        for size, busbw in rows
    )
    sizes = tuple(s for s, _ in rows)
    return MeasuredRun(key, label, ranks, racks, sizes, figures, f"coreweave_{key}.txt", note)


#: The published nccl-tests runs the course sets beside its models, by key.
MEASURED_RUNS: dict[str, MeasuredRun] = {
    r.key: r
    for r in (
        _measured_run(
            "gb200_1rack",
            "GB200 NVL72, 1 rack, 72 GPUs",
            72,  # ranks 0-71 in the log
            1,
            COREWEAVE_NCCL,
            ((2**29, 586.06), (2**30, 681.17), (2**31, 757.78), (2**32, 839.16), (2**33, 834.57)),
        ),
        _measured_run(
            "gb200_2racks",
            "GB200 NVL72, 2 racks, 128 GPUs",
            128,  # 64 per rack; see MeasuredRun.ranks
            2,
            COREWEAVE_NCCL,
            (
                (2**29, 493.94),
                (2**30, 596.10),
                (2**31, 680.30),
                (2**32, 743.09),
                (2**33, 793.06),
                (2**34, 810.41),
            ),
            "The log's rank line reads 'Rank 143', but its bus-bandwidth factor (busbw / "
            "algbw = 1.9844 = 2 x 127 / 128 in every row) says 128 ranks, as in the "
            "repository's two-rack example job (32 nodes of 4 GPUs, 16 per rack: "
            "mpi-operator/nccl-test-distributed-gb200-128-multirack-mpijob.yaml, read at commit "
            "3e725c9a1c511a0114833693d58ac9ea5d9ddb36). The course uses 128.",
        ),
        _measured_run(
            "gb200_20racks",
            "GB200 NVL72, 20 racks, 1,440 GPUs",
            1440,
            20,
            COREWEAVE_NCCL_20,
            (
                (2**29, 150.95),
                (2**30, 218.85),
                (2**31, 286.52),
                (2**32, 346.38),
                (2**33, 381.48),
                (2**34, 405.74),
            ),
        ),
    )
}

# PCIe 5.0 -------------------------------------------------------------------------------------
_pcie5 = record(
    "pcie5.x16_bandwidth_both",
    128 * G,
    "B/s",
    "vendor",
    PCISIG,
    label="PCIe 5.0 x16 link, both directions",
    quoted="32 GT/s raw bit rate and up to 128 GB/s via x16 configuration",
    direction="both",
    note="32 GT/s per lane x 16 lanes / 8 bits x 2 directions, before the 128b/130b encoding "
    "(about 1.5 %) and packet overheads.",
)
derive(
    "pcie5.x16_bandwidth",
    lambda both: both / 2,
    (_pcie5,),
    "B/s",
    "PCIe 5.0 x16, 128 GB/s both directions / 2",
    label="PCIe 5.0 x16 link, one direction",
    direction="one",
)
