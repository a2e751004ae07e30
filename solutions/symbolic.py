"""Solutions for notebook 03."""
import sympy as sp


def tanh_gradient(s):
    """dL/dw1_11 for tanh hidden units: the chain rule, one factor per edge of the path."""
    dz2 = s.a2 - s.y                                   # sigmoid output + cross-entropy
    dz1_1 = s.w2_11 * dz2 * (1 - sp.tanh(s.z1_1) ** 2)  # back through w2_11 and tanh'
    return dz1_1 * s.x1                                # dz1_1/dw1_11 = x1


def softmax_gradient(z, y):
    """dL/dz_k for softmax cross-entropy: let SymPy differentiate, then use sum(y) = 1."""
    total = sum(sp.exp(zj) for zj in z)
    loss = -sum(yk * sp.log(sp.exp(zk) / total) for zk, yk in zip(z, y))
    one_hot = {y[-1]: 1 - sum(y[:-1])}
    return [sp.simplify(sp.diff(loss, zk).subs(one_hot)) for zk in z]
