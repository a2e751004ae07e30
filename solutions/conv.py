"""Solutions for notebook 09."""
import numpy as np


def kernel_gradient_by_hand():
    # dK[a, b] = sum over the nine positions (i, j) of dy[i, j] * x[i + a, j + b]:
    # BY_HAND_DY times the 3-by-3 block of BY_HAND_X whose top-left corner is x[a, b]
    dK00 = -1*2 + 2*1 + 2*1 + 1*1 - 1*3 + 2*3 + 2*3 + 0*3 + 2*1   # = 14
    dK01 = -1*1 + 2*1 + 2*0 + 1*3 - 1*3 + 2*1 + 2*3 + 0*1 + 2*3   # = 15
    dK10 = -1*1 + 2*3 + 2*3 + 1*3 - 1*3 + 2*1 + 2*2 + 0*1 + 2*2   # = 21
    dK11 = -1*3 + 2*3 + 2*1 + 1*3 - 1*1 + 2*3 + 2*1 + 0*2 + 2*1   # = 17
    return [[dK00, dK01], [dK10, dK11]]


def kernel_gradient(x, dy, padding=0):
    xp = np.pad(x, padding)                          # the forward pass's zero border
    kh = xp.shape[0] - dy.shape[0] + 1               # the kernel's shape
    kw = xp.shape[1] - dy.shape[1] + 1
    dK = np.zeros((kh, kw))
    for a in range(kh):
        for b in range(kw):                          # k[a, b] meets x at every position (i, j)
            dK[a, b] = np.sum(dy * xp[a:a + dy.shape[0], b:b + dy.shape[1]])
    return dK


def max_pool_backward(x, dy, size=2, stride=2):
    dx = np.zeros(x.shape)
    for i in range(dy.shape[0]):
        for j in range(dy.shape[1]):
            window = x[i * stride:i * stride + size, j * stride:j * stride + size]
            r, c = np.unravel_index(np.argmax(window), window.shape)   # the first maximum
            dx[i * stride + r, j * stride + c] += dy[i, j]             # += : windows may overlap
    return dx
