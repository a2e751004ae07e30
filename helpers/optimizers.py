"""Gradient-descent optimisers with one interface: ``step(params, grads)``.

``params`` is a dict of arrays (``W1, b1, ...``, e.g. ``MLP.params``) and ``grads`` the dict
``MLP.backward`` returns (``dW1, db1, ...``: each key is ``"d"`` + the parameter's name, each
array the parameter's shape). ``step`` changes the parameter arrays **in place**, so a network
holding them sees the update at once. Each optimiser keeps its state (velocities, running
averages, the step count) per parameter name; ``reset()`` forgets it.

Update rules, for one parameter ``w`` with gradient ``g`` (element-wise, step ``t = 1, 2, ...``)::

    SGD       w <- w - lr g
    Momentum  v <- beta v + g                      w <- w - lr v
    RMSProp   s <- rho s + (1 - rho) g^2           w <- w - lr g / (sqrt(s) + eps)
    Adam      m <- b1 m + (1 - b1) g               v <- b2 v + (1 - b2) g^2
              m_hat = m / (1 - b1^t)               v_hat = v / (1 - b2^t)
              w <- w - lr m_hat / (sqrt(v_hat) + eps)

``ClipNorm(optimizer, max_norm)`` wraps any of them: it shortens the whole gradient to length
``max_norm`` whenever it is longer (clipping by norm, notebook 07), then lets the optimiser step.
"""
import numpy as np

from . import _validate as V


class Optimizer:
    """Base class: checks the dicts once per ``step`` and calls ``_update`` per parameter."""

    def __init__(self, learning_rate):
        self.learning_rate = V.positive_float(learning_rate, "learning_rate")
        self.reset()

    def reset(self):
        """Forget every velocity and running average; the next step is step 1 again."""
        self.state = {}
        self.t = 0

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self._hyper().items())
        return f"{type(self).__name__}({args})"

    def _hyper(self):
        return {"learning_rate": self.learning_rate}

    def step(self, params, grads, check=True):
        """Update every array of ``params`` in place from ``grads`` (``"d" + name`` keys).

        ``check=False`` is the lean path of training loops, whose gradients come from
        ``MLP.backward`` and so match the parameters: nothing is checked."""
        if check:
            self._check(params, grads)
        self._step(params, grads)

    @staticmethod
    def _check(params, grads):
        if not isinstance(params, dict) or not isinstance(grads, dict):
            raise ValueError(f"params, grads: expected two dicts (name -> array), got "
                             f"{type(params).__name__} and {type(grads).__name__}")
        for name, p in params.items():
            if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
                raise ValueError(f"params[{name!r}]: expected a float numpy array (updated in "
                                 f"place), got {type(p).__name__}")
            key = "d" + name
            if key not in grads:
                raise ValueError(f"grads: expected a gradient {key!r} for parameter {name!r}, "
                                 f"got keys {sorted(grads)}")
            g = grads[key]
            if not isinstance(g, np.ndarray) or g.dtype.kind not in "fiu":
                raise ValueError(f"grads[{key!r}]: expected a numpy array of numbers of shape "
                                 f"{p.shape} (the shape of {name}), got {type(g).__name__}")
            V.same_shape(g, f"grads[{key!r}]", p.shape, f"the shape of {name}")

    def _step(self, params, grads):
        """One step, unchecked (``step(..., check=False)``); subclasses override ``_update``."""
        self.t += 1
        for name, p in params.items():
            self._update(name, p, grads["d" + name])

    def _slot(self, name, p, n_slots):
        """This parameter's state arrays (zeros the first time)."""
        slots = self.state.get(name)
        if slots is None or slots[0].shape != p.shape:
            slots = self.state[name] = [np.zeros_like(p) for _ in range(n_slots)]
        return slots


class SGD(Optimizer):
    """Plain gradient descent: ``w <- w - lr g``."""

    def __init__(self, learning_rate=0.1):
        super().__init__(learning_rate)

    def _step(self, params, grads):
        self.t += 1
        lr = self.learning_rate
        for name, p in params.items():           # the same as _update, without a call per array
            p -= lr * grads["d" + name]

    def _update(self, name, p, g):
        p -= self.learning_rate * g


class Momentum(Optimizer):
    """Gradient descent with (heavy-ball) momentum: ``v <- beta v + g``, ``w <- w - lr v``.

    ``v`` sums past gradients with weights beta^k, so along a direction where the gradient
    keeps its sign the step grows towards ``lr g / (1 - beta)``; where it flips, it cancels.
    """

    def __init__(self, learning_rate=0.1, beta=0.9):
        super().__init__(learning_rate)
        self.beta = V.in_interval(beta, "beta", 0, 1)

    def _hyper(self):
        return {"learning_rate": self.learning_rate, "beta": self.beta}

    def _update(self, name, p, g):
        (v,) = self._slot(name, p, 1)
        v *= self.beta
        v += g
        p -= self.learning_rate * v


class RMSProp(Optimizer):
    """Divide each gradient entry by a running root-mean-square of its recent values.

    ``s <- rho s + (1 - rho) g^2``, ``w <- w - lr g / (sqrt(s) + eps)``: every entry then
    moves by about ``lr`` per step, whatever the scale of its gradient.
    """

    def __init__(self, learning_rate=0.01, rho=0.9, eps=1e-8):
        super().__init__(learning_rate)
        self.rho = V.in_interval(rho, "rho", 0, 1)
        self.eps = V.positive_float(eps, "eps")

    def _hyper(self):
        return {"learning_rate": self.learning_rate, "rho": self.rho, "eps": self.eps}

    def _update(self, name, p, g):
        (s,) = self._slot(name, p, 1)
        s *= self.rho
        s += (1.0 - self.rho) * g * g
        p -= self.learning_rate * g / (np.sqrt(s) + self.eps)


class Adam(Optimizer):
    """Momentum and RMSProp together, with bias correction for the zero start (Kingma & Ba).

    ``m <- b1 m + (1 - b1) g``, ``v <- b2 v + (1 - b2) g^2``,
    ``w <- w - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)``.
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(learning_rate)
        self.beta1 = V.in_interval(beta1, "beta1", 0, 1)
        self.beta2 = V.in_interval(beta2, "beta2", 0, 1)
        self.eps = V.positive_float(eps, "eps")

    def _hyper(self):
        return {"learning_rate": self.learning_rate, "beta1": self.beta1,
                "beta2": self.beta2, "eps": self.eps}

    def _update(self, name, p, g):
        m, v = self._slot(name, p, 2)
        m *= self.beta1
        m += (1.0 - self.beta1) * g
        v *= self.beta2
        v += (1.0 - self.beta2) * g * g
        m_hat = m / (1.0 - self.beta1 ** self.t)
        v_hat = v / (1.0 - self.beta2 ** self.t)
        p -= self.learning_rate * m_hat / (np.sqrt(v_hat) + self.eps)


def global_norm(grads):
    """sqrt of the sum of every gradient entry squared: the length of the whole gradient."""
    return float(np.sqrt(sum(float(np.vdot(g, g)) for g in grads.values())))


def clip_by_norm(grads, max_norm):
    """The gradient rescaled to length at most ``max_norm``, and its length before.

    All arrays share one factor ``min(1, max_norm / norm)`` (``norm`` = :func:`global_norm`),
    so the step keeps its direction and only a too-long step is shortened. Returns
    ``(clipped, norm)``; ``clipped`` is a new dict, ``grads`` is left as it was.
    """
    max_norm = V.positive_float(max_norm, "max_norm")
    norm = global_norm(grads)
    factor = max_norm / norm if norm > max_norm else 1.0
    return {name: g * factor for name, g in grads.items()}, norm


class ClipNorm(Optimizer):
    """Another optimiser, fed gradients clipped to length ``max_norm`` (:func:`clip_by_norm`).

    ``train(net, X, Y, optimizer=ClipNorm(SGD(0.1), max_norm=1.0))``. ``norms`` lists the
    length of every gradient before clipping, one per step.
    """

    def __init__(self, optimizer, max_norm):
        if not isinstance(optimizer, Optimizer):
            raise ValueError(f"optimizer: expected an optimiser from helpers.optimizers (e.g. "
                             f"SGD(0.1)), got {type(optimizer).__name__}")
        self.optimizer = optimizer
        self.max_norm = V.positive_float(max_norm, "max_norm")
        self.reset()

    @property
    def learning_rate(self):
        """The wrapped optimiser's rate; setting it (``schedules.follow`` does) sets that."""
        return self.optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        self.optimizer.learning_rate = V.positive_float(value, "learning_rate")

    def reset(self):
        self.optimizer.reset()
        self.t = 0
        self.norms = []

    def __repr__(self):
        return f"ClipNorm({self.optimizer!r}, max_norm={self.max_norm!r})"

    def _step(self, params, grads):
        self.t += 1
        clipped, norm = clip_by_norm(grads, self.max_norm)
        self.norms.append(norm)
        self.optimizer.step(params, clipped, check=False)


#: name -> class, for menus (the playground's optimiser dropdown)
OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "rmsprop": RMSProp, "adam": Adam}


def make(name, learning_rate):
    """An optimiser by name ('sgd', 'momentum', 'rmsprop', 'adam') with default decay rates."""
    V.choice(name, "name", OPTIMIZERS)
    return OPTIMIZERS[name](learning_rate)
