"""Numbers the prose of notebook 02 (compute and rooflines) states that no single figure holds."""

from __future__ import annotations

from .. import roofline, specs
from . import quantity


def _chip(key: str) -> roofline.Roof:
    return {r.key: r for r in roofline.course_roofs("chips")}[key]


def _mlp() -> tuple[int, int]:
    """(n, k) of Llama 3 70B's MLP up-projection: its MLP width and model width."""
    return int(specs.LLAMA3_70B_FFN.value), int(specs.LLAMA3_70B.hidden.value)


@quantity("nb02.ridge_910c", "FLOP/B", "ridge point of the Ascend 910C (dense BF16 / HBM)")
def ridge_910c() -> float:
    return _chip("ascend910c").ridge


@quantity("nb02.ridge_b200", "FLOP/B", "ridge point of the B200 (dense BF16 / HBM)")
def ridge_b200() -> float:
    return _chip("b200").ridge


@quantity("nb02.ridge_b200_sparse", "FLOP/B", "ridge point of the B200's 2:4 sparse peak")
def ridge_b200_sparse() -> float:
    return roofline.sparse_roof("chips").ridge


@quantity("nb02.chip_ratio", "1", "dense BF16 of one B200 in Ascend 910Cs")
def chip_ratio() -> float:
    return roofline.chip_ratio()


@quantity("nb02.one_token_intensity", "FLOP/B", "one token through Llama 3 70B's MLP, BF16")
def one_token_intensity() -> float:
    n, k = _mlp()
    return roofline.matmul_intensity(1, n, k)


@quantity("nb02.one_token_b200", "FLOP/s", "what one token through the MLP attains on a B200")
def one_token_b200() -> float:
    return _chip("b200").attainable(one_token_intensity())


@quantity("nb02.one_token_b200_fraction", "1", "that as a share of the B200's dense peak")
def one_token_b200_fraction() -> float:
    return one_token_b200() / _chip("b200").peak


@quantity("nb02.tokens_to_ridge_910c", "1", "tokens through the MLP at the 910C's ridge")
def tokens_to_ridge_910c() -> float:
    return roofline.tokens_to_ridge(_chip("ascend910c"), *_mlp())


@quantity("nb02.tokens_to_ridge_b200", "1", "tokens through the MLP at the B200's ridge")
def tokens_to_ridge_b200() -> float:
    return roofline.tokens_to_ridge(_chip("b200"), *_mlp())


@quantity("nb02.training_flops_per_param", "FLOP", "training FLOPs per parameter per token")
def training_flops_per_param() -> float:
    return roofline.training_flops_per_token(1)
