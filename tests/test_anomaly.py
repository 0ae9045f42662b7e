"""Anomaly mode: stop at the first op whose forward output or backward gradient is NaN or inf."""

import numpy as np
import pytest

import tinygrad_ko
from tinygrad_ko import Tensor


def test_forward_nan_names_the_op_and_the_users_line():
    x = Tensor([-1.0, 4.0], requires_grad=True)
    with tinygrad_ko.detect_anomaly(), np.errstate(invalid="ignore"), \
            pytest.raises(FloatingPointError) as info:
        x.sqrt()  # the offending line
    message = str(info.value)
    assert "Sqrt" in message and "NaN" in message
    assert f"{__file__}:" in message  # file:line of this test, not of the library


def test_backward_inf_is_caught_at_the_op_that_made_it():
    x = Tensor([0.0, 1.0], requires_grad=True)
    with tinygrad_ko.detect_anomaly(), np.errstate(divide="ignore"):
        y = x.sqrt()           # forward is finite: sqrt(0) = 0
        with pytest.raises(FloatingPointError, match=r"backward of Sqrt produced inf"):
            y.sum().backward()  # but d sqrt/dx at 0 is 1/(2·0) = inf


def test_anomaly_mode_is_off_by_default_and_restored():
    assert not tinygrad_ko.ops.GraphState.anomaly_mode
    with tinygrad_ko.detect_anomaly():
        assert tinygrad_ko.ops.GraphState.anomaly_mode
    assert not tinygrad_ko.ops.GraphState.anomaly_mode
    with np.errstate(invalid="ignore"):
        y = Tensor([-1.0]).log()  # without anomaly mode NaN is allowed (NumPy semantics)
    assert np.isnan(y.data[0])


def test_clean_graphs_pass_anomaly_mode_unchanged():
    x = Tensor(np.linspace(-2, 2, 6).reshape(2, 3), requires_grad=True)
    with tinygrad_ko.detect_anomaly():
        loss = (x.exp() * x).softmax().log().sum()
        loss.backward()
    assert np.all(np.isfinite(x.grad.data))
