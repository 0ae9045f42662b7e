"""The book's layer-style NumPy code, written the way "Deep Learning from Scratch" teaches it.

Deliberately *not* optimised: float64, im2col building a 6-D array in a loop over filter offsets,
pooling backward through a dense (N·OH·OW, k²) ``dmax`` scatter and col2im, layers that keep
their own copies.  The benchmarks compare tinygrad_ko with this, the code learners know.
"""

import numpy as np


def im2col(x, fh, fw, stride=1, pad=0):
    n, c, h, w = x.shape
    oh, ow = (h + 2 * pad - fh) // stride + 1, (w + 2 * pad - fw) // stride + 1
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], "constant")
    col = np.zeros((n, c, fh, fw, oh, ow))
    for y in range(fh):
        for xx in range(fw):
            col[:, :, y, xx, :, :] = img[:, :, y:y + stride * oh:stride, xx:xx + stride * ow:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, -1)


def col2im(col, shape, fh, fw, stride=1, pad=0):
    n, c, h, w = shape
    oh, ow = (h + 2 * pad - fh) // stride + 1, (w + 2 * pad - fw) // stride + 1
    col = col.reshape(n, oh, ow, c, fh, fw).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((n, c, h + 2 * pad + stride - 1, w + 2 * pad + stride - 1))
    for y in range(fh):
        for xx in range(fw):
            img[:, :, y:y + stride * oh:stride, xx:xx + stride * ow:stride] += col[:, :, y, xx, :, :]
    return img[:, :, pad:h + pad, pad:w + pad]


class Convolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b, self.stride, self.pad = W, b, stride, pad

    def forward(self, x):
        fn, c, fh, fw = self.W.shape
        n, _, h, w = x.shape
        oh, ow = 1 + (h + 2 * self.pad - fh) // self.stride, 1 + (w + 2 * self.pad - fw) // self.stride
        self.x, self.col = x, im2col(x, fh, fw, self.stride, self.pad)
        self.col_W = self.W.reshape(fn, -1).T
        out = np.dot(self.col, self.col_W) + self.b
        return out.reshape(n, oh, ow, -1).transpose(0, 3, 1, 2)

    def backward(self, dout):
        fn, c, fh, fw = self.W.shape
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, fn)
        self.db = np.sum(dout, axis=0)
        self.dW = np.dot(self.col.T, dout).transpose(1, 0).reshape(fn, c, fh, fw)
        dcol = np.dot(dout, self.col_W.T)
        return col2im(dcol, self.x.shape, fh, fw, self.stride, self.pad)


class Pooling:
    def __init__(self, ph, pw, stride=1, pad=0):
        self.ph, self.pw, self.stride, self.pad = ph, pw, stride, pad

    def forward(self, x):
        n, c, h, w = x.shape
        oh, ow = 1 + (h - self.ph) // self.stride, 1 + (w - self.pw) // self.stride
        col = im2col(x, self.ph, self.pw, self.stride, self.pad).reshape(-1, self.ph * self.pw)
        self.x, self.arg_max = x, np.argmax(col, axis=1)
        return np.max(col, axis=1).reshape(n, oh, ow, c).transpose(0, 3, 1, 2)

    def backward(self, dout):
        dout = dout.transpose(0, 2, 3, 1)
        size = self.ph * self.pw
        dmax = np.zeros((dout.size, size))
        dmax[np.arange(self.arg_max.size), self.arg_max.flatten()] = dout.flatten()
        dmax = dmax.reshape(dout.shape + (size,))
        dcol = dmax.reshape(dmax.shape[0] * dmax.shape[1] * dmax.shape[2], -1)
        return col2im(dcol, self.x.shape, self.ph, self.pw, self.stride, self.pad)


class Relu:
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.original_x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        return np.dot(self.x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx.reshape(*self.original_x_shape)


class SoftmaxWithLoss:
    def forward(self, x, t):
        x = x - np.max(x, axis=1, keepdims=True)
        self.y = np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True)
        self.t = t
        n = x.shape[0]
        return -np.sum(np.log(self.y[np.arange(n), t] + 1e-7)) / n

    def backward(self):
        n = self.t.shape[0]
        dx = self.y.copy()
        dx[np.arange(n), self.t] -= 1
        return dx / n


class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            params[key] -= self.lr * grads[key]


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2, self.iter, self.m, self.v = lr, beta1, beta2, 0, None, None

    def update(self, params, grads):
        if self.m is None:
            self.m = {k: np.zeros_like(v) for k, v in params.items()}
            self.v = {k: np.zeros_like(v) for k, v in params.items()}
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)
        for key in params:
            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])
            self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])
            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)


class Network:
    """A stack of the layers above, trained as the book's networks are (gradient() + update)."""

    def __init__(self, layers, params):
        self.layers, self.params, self.last = layers, params, SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def gradient(self, x, t):
        self.last.forward(self.predict(x), t)
        dout = self.last.backward()
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        grads = {}
        for i, layer in enumerate(self.layers):
            if hasattr(layer, "dW"):
                grads[f"W{i}"], grads[f"b{i}"] = layer.dW, layer.db
        return grads


def simple_convnet(rng):
    """The book's SimpleConvNet: conv 30×5×5 → relu → pool 2×2 → affine 100 → relu → affine 10."""
    W1, b1 = 0.01 * rng.standard_normal((30, 1, 5, 5)), np.zeros(30)
    W3, b3 = 0.01 * rng.standard_normal((4320, 100)), np.zeros(100)
    W5, b5 = 0.01 * rng.standard_normal((100, 10)), np.zeros(10)
    layers = [Convolution(W1, b1), Relu(), Pooling(2, 2, stride=2), Affine(W3, b3), Relu(),
              Affine(W5, b5)]
    params = {"W0": W1, "b0": b1, "W3": W3, "b3": b3, "W5": W5, "b5": b5}
    return Network(layers, params)


def mlp(rng):
    """784-50-10 with ReLU, the book's TwoLayerNet."""
    W1, b1 = 0.01 * rng.standard_normal((784, 50)), np.zeros(50)
    W2, b2 = 0.01 * rng.standard_normal((50, 10)), np.zeros(10)
    return Network([Affine(W1, b1), Relu(), Affine(W2, b2)], {"W0": W1, "b0": b1, "W2": W2, "b2": b2})
