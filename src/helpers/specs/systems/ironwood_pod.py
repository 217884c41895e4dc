"""Google's TPU v7 Ironwood (TPU7x) in its pod of 9,216 chips on a 3D torus of inter-chip links
(ICI), announced 2025-04-09 and offered in Google Cloud since late 2025.

Google's documentation writes the HBM as "192 GiB" in its table and "192 GB" in its text; the
pod's "1.77 PB" of the general-availability announcement is 9,216 x 192 GB in decimal units.
"""

from __future__ import annotations

from ..core import G, P, T, record
from ..hardware import Chip, ScaleUp, System, Topology, total
from ..sources import G_IRONWOOD, G_TPU7X

# The chip: TPU v7 Ironwood ---------------------------------------------------------------------
_chip = "ironwood"
_bf16 = record(
    f"{_chip}.bf16_dense",
    2307e12,
    "FLOP/s",
    "vendor",
    G_TPU7X,
    label="Ironwood peak BF16 per chip",
    quoted="Peak compute per chip (BF16) (TFLOPs) | 2307",
    note="Google states no sparsity for its TPUs: a dense peak.",
)
_fp8 = record(
    f"{_chip}.fp8_dense",
    4614e12,
    "FLOP/s",
    "vendor",
    G_TPU7X,
    label="Ironwood peak FP8 per chip",
    quoted="Peak compute per chip (FP8) (TFLOPs) | 4614",
    note="Google states no sparsity for its TPUs: a dense peak.",
)
_hbm = record(
    f"{_chip}.hbm_capacity",
    192 * G,
    "B",
    "vendor",
    G_TPU7X,
    label="Ironwood HBM capacity per chip",
    quoted="192 GB of HBM",
    note="The documentation's text says GB; its table says 'HBM capacity per chip (GiB) | 192' "
    "(ironwood.hbm_capacity_table, 206 GB). The pod's 1.77 PB is 9,216 x 192 GB, so the course "
    "uses GB.",
)
record(
    f"{_chip}.hbm_capacity_table",
    192 * 2**30,
    "B",
    "vendor",
    G_TPU7X,
    label="Ironwood HBM capacity per chip as the documentation's table writes it",
    quoted="HBM capacity per chip (GiB) | 192",
    note="192 GiB = 206.2 GB: the same page's text says 192 GB.",
)
_hbm_bw = record(
    f"{_chip}.hbm_bandwidth",
    7.37 * T,
    "B/s",
    "vendor",
    G_TPU7X,
    label="Ironwood HBM bandwidth per chip",
    quoted="bandwidth of approximately 7.37 TB/s",
)
_ici = record(
    f"{_chip}.scale_up_bandwidth",
    600 * G,
    "B/s",
    "vendor",
    G_IRONWOOD,
    label="Ironwood inter-chip interconnect (ICI) bandwidth per chip",
    quoted="1.2 TBps bidirectional (1.5x improvement over Trillium)",
    direction="one",
    note="Google counts both directions: 600 GB/s each way. The documentation gives 200 GB/s "
    "per axis both ways.",
)
IRONWOOD = Chip.build(
    key=_chip,
    name="TPU v7 Ironwood",
    maker="Google",
    bf16_dense=_bf16,
    bf16_sparse=None,
    fp8_dense=_fp8,
    hbm_capacity=_hbm,
    hbm_bandwidth=_hbm_bw,
    scale_up_bandwidth=_ici,
    scale_out_bandwidth=None,
    power=None,
    notes=(
        "Power per chip and scale-out bandwidth: not published (None).",
        "Two chiplets of 96 GB of HBM each.",
    ),
)

# The system: a pod of 9,216 chips --------------------------------------------------------------
_key = "ironwood_pod"
_chips = record(
    f"{_key}.chips",
    9216,
    "1",
    "vendor",
    G_TPU7X,
    label="Ironwood chips per pod",
    quoted="9,216-chip footprint per Pod",
)
IRONWOOD_POD = System.build(
    key=_key,
    name="TPU v7 Ironwood pod",
    short="Ironwood pod",
    chip=IRONWOOD,
    chips=_chips,
    cpus=None,
    racks=None,
    power=None,
    price=None,
    quoted={
        "fp8_dense": record(
            f"{_key}.fp8_dense_quoted",
            42.5e3 * P,
            "FLOP/s",
            "vendor",
            G_IRONWOOD,
            label="Ironwood pod FP8 (as quoted)",
            quoted="42.5 Exaflops",
            step=0.1e3 * P,
            note="A peak at FP8. Google set it beside El Capitan's 1.7 EF, a measured FP64 HPL "
            "result (el_capitan.fp64_hpl).",
        ),
    },
    scale_up_link="ICI",
    kind="pod",
    status="shipped",
    date="2025-11",
    scale_up=ScaleUp("ICI", "mixed"),
    topology=Topology("torus", {"dims": (4, 4, 4), "cubes": 144}),
    notes=(
        "Announced 2025-04-09 (Cloud Next 25); general availability announced 2025-11-06; "
        "Google's documentation offers TPU7x slices (updated 2026-05-08).",
        "ICI is a 3D torus: slices larger than 64 chips are built of 4x4x4 cubes, joined by "
        "optical circuit switches; 144 cubes make the 9,216-chip pod. The pod-wide torus "
        "dimensions are not published.",
        "Power: Google says the pod's chips 'span nearly 10 megawatts' (press); per chip not "
        "published.",
    ),
)
total(_key, "fp8_dense", _chips, _fp8, label="Ironwood pod peak FP8")
