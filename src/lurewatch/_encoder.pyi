import numpy as np
import numpy.typing as npt

def bind(sgemm_address: int, exp: np.ufunc, tanh: np.ufunc, /) -> None: ...
def layers(
    hidden: npt.NDArray[np.float32],
    bias: npt.NDArray[np.float32],
    batch: int,
    length: int,
    weights: tuple[tuple[npt.NDArray[np.float32], ...], ...],
    /,
) -> None: ...
