"""float16 logits are computed in float32 and stored back in float16 (ops/loss.py's rule, as in
PyTorch): log_softmax and softmax equal that computation done with NumPy, to the last bit."""

import numpy as np

from tinygrad_ko import Tensor


def _log_softmax_float32(x16):
    x = x16.astype(np.float32)
    shifted = x - x.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def test_float16_softmax_is_computed_in_float32():
    rng = np.random.default_rng(1)
    logits = np.concatenate([np.array([[-4.109375, 6.52734375, -4.1640625, -3.232421875]]),
                             rng.standard_normal((64, 4)) * 3]).astype(np.float16)
    reference = _log_softmax_float32(logits)
    log_probs = Tensor(logits).log_softmax(axis=1)
    assert log_probs.dtype == np.float16
    np.testing.assert_array_equal(log_probs.data, reference.astype(np.float16))
    np.testing.assert_array_equal(Tensor(logits).softmax(axis=1).data,
                                  np.exp(reference).astype(np.float16))
