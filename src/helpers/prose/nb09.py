"""Numbers notebook 09's prose states that no single figure holds: headline ratios walked down
the normalisation ladder (:mod:`helpers.headline`)."""

from __future__ import annotations

from . import quantity


def _ratio(key: str, i: int = 0, steps: tuple[str, ...] | None = None) -> float:
    from .. import headline
    from ..headline import shipped

    ladder = headline.normalise(shipped.headline(key).claims()[i], steps)
    if ladder.ratio is None:
        raise ValueError(f"the {key} claim {i} cannot be computed from the registry")
    return ladder.ratio


@quantity(
    "nb09.huawei_hbm_ratio",
    "1",
    "the Atlas 950 SuperPoD's HBM over the Vera Rubin rack's, both in decimal units (Huawei's "
    "memory claim like for like)",
)
def huawei_hbm_ratio() -> float:
    return _ratio("huawei_atlas950", 1)


@quantity(
    "nb09.ironwood_like_for_like",
    "1",
    "an Ironwood pod's peak over El Capitan's at one precision both are rated in (Google's "
    "claim like for like)",
)
def ironwood_like_for_like() -> float:
    return _ratio("google_ironwood")


@quantity(
    "nb09.rubin_dense_fp4",
    "1",
    "the Vera Rubin rack's dense FP4 peak over the GB300 NVL72's (NVIDIA's compute claim like "
    "for like)",
)
def rubin_dense_fp4() -> float:
    return _ratio("nvidia_rubin_compute")
