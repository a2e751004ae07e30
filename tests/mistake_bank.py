"""A bank of wrong answers, as students write them, with the words their feedback must contain.

Each entry: (checker, source, words). ``checker`` is ``"module:function"`` under
``helpers.exercises``; ``source`` defines the student's function (its name is the exercise's)
and runs with ``np``, ``sp`` and ``sigmoid`` in scope; ``words`` must all appear in the
Feedback's message, whose status must be "wrong"; an empty ``words`` marks a right answer in
another form (a list for a tuple, an in-place operator that changes nothing ...), which must
pass; ``[PASSES, *words]`` marks a right answer whose passing message must contain the words
(the note on an input changed in place, on another convention). tests/test_exercises_bank.py
runs them all, with short time-outs.
"""

#: first word of an entry that must pass with a note
PASSES = "(passes)"

# ----------------------------------------------------------------------- notebook 00: neuron
NEURON = [
    ("def neuron(w, x, b):\n    return np.dot(w, x) + b", ["returned z", "apply the sigmoid"]),
    ("def neuron(w, x, b):\n    return sigmoid(np.dot(w, x))", ["bias b is missing"]),
    ("def neuron(w, x, b):\n    return sigmoid(np.dot(w, x)) + b", ["bias goes inside"]),
    ("def neuron(w, x, b):\n    return sigmoid(w * x + b)", ["dot product", "element-wise"]),
    ("def neuron(w, x, b):\n    return 1 / (1 + np.exp(np.dot(w, x) + b))", ["sign error"]),
    ("def neuron(w, x, b):\n    return sigmoid(np.dot(w, x) - b)", ["bias is subtracted"]),
    ("def neuron(w, x, b):\n    return np.tanh(np.dot(w, x) + b)", ["that is tanh"]),
    ("def neuron(w, x, b):\n    print(sigmoid(np.dot(w, x) + b))", ["returned None",
                                                                     "printed"]),
    ("def neuron(w, x, b):\n    a = sigmoid(np.dot(w, x) + b)", ["forget `return`"]),
    ("def neuron(w, x, b):\n    return sigmoid(np.dot(w, x) + b) + 0.01",
     ["wrong value: expected"]),
]

# ------------------------------------------------------------------ notebook 01: forward pass
LAYER_FORWARD = [
    ("def layer_forward(W, A_prev, b):\n    return W @ A_prev + b", ["returned Z"]),
    ("def layer_forward(W, A_prev, b):\n    return sigmoid(W @ A_prev)", ["bias b is missing"]),
    ("def layer_forward(W, A_prev, b):\n    return sigmoid(W @ A_prev) + b",
     ["bias goes inside"]),
    ("def layer_forward(W, A_prev, b):\n    return sigmoid(A_prev.T @ W.T + b.T)",
     ["row convention"]),
    ("def layer_forward(W, A_prev, b):\n    return 1 / (1 + np.exp(W @ A_prev + b))",
     ["wrong sign"]),
    ("def layer_forward(W, A_prev, b):\n    Z = W.T @ A_prev + b\n    return sigmoid(Z)",
     ["matrix product", "W.T @ A_prev", "W.T (4, 3) @ A_prev (4, 5)", "transpose"]),
    ("def layer_forward(W, A_prev, b):\n    return sigmoid(W @ A_prev + b.T)",
     ["element-wise operation", "(3,5)", "transposed"]),
    ("def layer_forward(W, A_prev, b):\n    return np.tanh(W @ A_prev + b)", ["that is tanh"]),
    ("def layer_forward(W, A_prev, b):\n    return sigmoid(W @ A_prev + b)[:, 0]",
     ["wrong shape: expected (3, 5), got (3,)"]),
    ("def layer_forward(W, A_prev, b):\n    W += 0\n    A_prev *= 1\n"
     "    return sigmoid(W @ A_prev + b) + 0 * W.sum()", []),      # in place but unchanged: ok
    ("def layer_forward(W, A_prev, b):\n    b *= 2\n    return sigmoid(W @ A_prev + b / 2)",
     [PASSES, "changed its input b in place", "Note"]),
    ("def layer_forward(W, A_prev, b):\n    return sigmoid(W @ A_prev - b)",
     ["bias b is subtracted", "adds it"]),
    ("def layer_forward(W, A_prev, b):\n    return sigmoid(np.dot(W, A_prev) + b)", []),
    ("def layer_forward(W, A_prev, b):\n    return 1 / (1 + np.exp(-(W @ A_prev + b)))", []),
    ("def layer_forward(W, A_prev, b):\n    return dsigmoid(W @ A_prev + b)",
     ["`dsigmoid`", "run the set-up cell at the top of the notebook first"]),
    ("def layer_forward(W, A_prev, b):\n    return np.maximum(0, W @ A_prev + b)", ["ReLU"]),
    ("def layer_forward(W, A_prev, b):\n    return 1 / np.exp(-(W @ A_prev + b))",
     ["the 1 + is missing"]),
    ("def layer_forward(W, A_prev, b):\n    return sigmoid(W @ A_prev + b_1)",
     ["`b_1` is not defined", "typo"]),
]
_TL = "def two_layer_forward(X, W1, b1, W2, b2):\n    return "
TWO_LAYER_FORWARD = [
    (_TL + "(sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2) > 0.5).astype(float)",
     ["0/1 class predictions", "before any threshold"]),
    ("def two_layer_forward(X, W1, b1, W2, b2):\n    return sigmoid(W2 @ (W1 @ X + b1) + b2)",
     ["Z1 used where A1 is needed"]),
    ("def two_layer_forward(X, W1, b1, W2, b2):\n"
     "    return W2 @ sigmoid(W1 @ X + b1) + b2", ["returned Z2"]),
    ("def two_layer_forward(X, W1, b1, W2, b2):\n    return W2 @ (W1 @ X + b1) + b2",
     ["no σ anywhere", "linear map"]),
    ("def two_layer_forward(X, W1, b1, W2, b2):\n    return sigmoid(W1 @ X + b1)",
     ["A1", "A2", "wrong layer"]),
    ("def two_layer_forward(X, W1, b1, W2, b2):\n"
     "    return sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2).T", ["transposed result"]),
    ("def two_layer_forward(X, W1, b1, W2, b2):\n    return sigmoid(W2 @ sigmoid(W1 @ X))",
     ["both biases are missing"]),
    ("def two_layer_forward(X, W1, b1, W2, b2):\n    return sigmoid(W2 @ sigmoid(W1 @ X + b1))",
     ["bias b2 of layer 2 is missing"]),
    ("def two_layer_forward(X, W1, b1, W2, b2):\n    return sigmoid(W2 @ sigmoid(W1 @ X) + b2)",
     ["bias b1 of layer 1 is missing"]),
    ("def two_layer_forward(X, W1, b1, W2, b2):\n    return sigmoid(W2 @ (W1 @ X + b1) + b2)",
     ["Z1 used where A1"]),
    ("def two_layer_forward(X, W1, b1, W2, b2):\n"
     "    A1 = sigmoid(W1.T @ X + b1)\n    return sigmoid(W2 @ A1 + b2)",
     ["matrix product", "W1.T @ X", "W1.T (4, 3) @ X (4, 6)"]),
    (_TL + "sigmoid(W2 @ sigmoid(W1 @ X - b1) - b2)",
     ["both biases are subtracted"]),
    (_TL + "sigmoid(W2 @ sigmoid(W1 @ X + b1) - b2)",
     ["bias b2 of layer 2 is subtracted"]),
    (_TL + "sigmoid(W2 @ sigmoid(W1 @ X - b1) + b2)",
     ["bias b1 of layer 1 is subtracted"]),
    (_TL + "sigmoid(W2 @ np.tanh(W1 @ X + b1) + b2)",
     ["that is tanh", "hidden layer", "sigmoid"]),
    (_TL + "np.tanh(W2 @ np.tanh(W1 @ X + b1) + b2)",
     ["that is tanh", "both layers"]),
    ("def two_layer_forward(X, W1, b1, W2, b2):\n    A1 = sigmoid(W1 @ X + b1)\n"
     "    A2 = sigmoid(W2 @ A1 + b2)\n    return A1, A2",
     ["2 values", "second value is the right one", "return only that"]),
    ("def two_layer_forward(X, W1, b1, W2, b2):\n    A1 = sigmoid(W1 @ X + b1)\n"
     "    return [sigmoid(W2 @ A1 + b2)]", ["a list holding the answer", "without the brackets"]),
    ("def two_layer_forward(X, W1, b1, W2, b2):\n    A1 = sigmoid(W1 @ X + b1)\n"
     "    return sigmoid(W2 @ A1 + b2)", []),
]

# --------------------------------------------------------------- notebook 02: loss functions
BCE_LOSS = [
    ("def bce_loss(A, Y):\n    return -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))",
     ["missing 1/m"]),
    ("def bce_loss(A, Y):\n    return np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))",
     ["wrong sign", "leading minus"]),
    ("def bce_loss(A, Y):\n"
     "    return -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / A.shape[1]",
     ["divided by m twice"]),
    ("def bce_loss(A, Y):\n    return -(Y * np.log(A) + (1 - Y) * np.log(1 - A))",
     ["one loss per example"]),
    ("def bce_loss(A, Y):\n    return -np.mean(Y * np.log(A))", ["(1 - y) log(1 - a) term"]),
    ("def bce_loss(A, Y):\n    return -np.mean(Y * np.log(1 - A) + (1 - Y) * np.log(A))",
     ["logs are swapped"]),
    ("def bce_loss(A, Y):\n    return -np.mean(Y * np.log10(A) + (1 - Y) * np.log10(1 - A))",
     ["log10", "natural log"]),
    ("def bce_loss(A, Y):\n    return np.mean(0.5 * (A - Y) ** 2)", ["squared error"]),
    ("def bce_loss(A, Y):\n    return -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)) + 0.1",
     ["wrong value"]),
]
MSE_GRAD_Z = [
    ("def mse_grad_z(Z, Y):\n    A = sigmoid(Z)\n    return (A - Y) * A * (1 - A) / Z.shape[1]",
     ["divided by m", "dZ is per example", "the 1/m enters dW and db"]),
    ("def mse_grad_z(Z, Y):\n    return sigmoid(Z) - Y", ["forgotten σ'"]),
    ("def mse_grad_z(Z, Y):\n    A = sigmoid(Z)\n    return (A - Y) * Z * (1 - Z)",
     ["z (1 - z)", "activation a"]),
    ("def mse_grad_z(Z, Y):\n    A = sigmoid(Z)\n    return (Z - Y) * A * (1 - A)",
     ["z used where a is needed"]),
    ("def mse_grad_z(Z, Y):\n    A = sigmoid(Z)\n    s = sigmoid(A)\n"
     "    return (A - Y) * s * (1 - s)", ["σ' evaluated at a"]),
    ("def mse_grad_z(Z, Y):\n    A = sigmoid(Z)\n    return (Y - A) * A * (1 - A)",
     ["wrong sign"]),
    ("def mse_grad_z(Z, Y):\n    A = sigmoid(Z)\n    return ((A - Y) * A * (1 - A)).T",
     ["transposed"]),
    ("def mse_grad_z(Z, Y):\n    A = sigmoid(Z)\n    return np.sum((A - Y) * A * (1 - A))",
     ["summed over the examples"]),
]

# -------------------------------------------------------------- notebook 04: one layer back
_LB = "def layer_backward(dZ, A_prev, W, Z_prev):\n    m = dZ.shape[1]\n"
_DW, _DB = "dZ @ A_prev.T / m", "dZ.sum(axis=1, keepdims=True) / m"
_DZP = "(W.T @ dZ) * A_prev * (1 - A_prev)"
LAYER_BACKWARD = [
    (_LB + f"    return dZ @ A_prev.T, {_DB}, {_DZP}", ["dW: the 1/m is missing"]),
    (_LB + f"    return dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True), {_DZP}",
     ["the 1/m is missing"]),
    (_LB + f"    return dZ @ Z_prev.T / m, {_DB}, {_DZP}", ["Z_prev used where A_prev"]),
    (_LB + f"    return A_prev @ dZ.T / m, {_DB}, {_DZP}", ["dW", "transpose"]),
    (_LB + f"    return {_DW}, dZ / m, {_DZP}", ["db", "not summed over the examples"]),
    (_LB + f"    return {_DW}, dZ.sum(axis=1, keepdims=True), {_DZP}",
     ["db: the 1/m is missing"]),
    (_LB + f"    return {_DW}, dZ.sum(axis=0, keepdims=True) / m, {_DZP}", ["axis=1"]),
    (_LB + f"    return {_DW}, dZ.sum(axis=1) / m, {_DZP}", ["db", "keepdims"]),
    (_LB + f"    return {_DW}, {_DB}, W.T @ dZ", ["σ'(z) is forgotten"]),
    (_LB + f"    return {_DW}, {_DB}, (W.T @ dZ) * Z_prev * (1 - Z_prev)",
     ["expects the activation"]),
    (_LB + f"    s = sigmoid(A_prev)\n    return {_DW}, {_DB}, (W.T @ dZ) * s * (1 - s)",
     ["evaluated at A_prev"]),
    (_LB + f"    return {_DW}, {_DB}, {_DZP} / m", ["carries no 1/m"]),
    (_LB + f"    return {_DW}, {_DB}, -{_DZP}", ["dZ_prev", "wrong sign"]),
    (_LB + f"    return {_DW}, {_DB}, (W @ dZ) * A_prev * (1 - A_prev)",
     ["matrix product", "W (2, 3) @ dZ (2, 4)", "transpose"]),
    (_LB + f"    return {_DB}, {_DW}, {_DZP}", ["wrong order", "(db, dW, dZ_prev)"]),
    (_LB + f"    return {_DW}, {_DB}", ["3 values", "got 2 values"]),
    (_LB + f"    return [{_DW}, {_DB}, {_DZP}]", []),                 # a list is fine
    (_LB + f"    return {_DW}, None, {_DZP}", ["db: not computed yet"]),
    (_LB + "    return 1 / 0", ["ZeroDivisionError"]),
    (_LB + f"    return {_DW}, {_DB}, (W.T @ dZ) * sigmoid(Z_prev)",
     ["σ(Z_prev) used where its slope σ'(Z_prev) belongs"]),
]

# ----------------------------------------------------------------- notebook 05: training
MOMENTUM_STEP = [
    ("def momentum_step(w, v, g, learning_rate, beta):\n"
     "    return w - learning_rate * g, beta * v + g", ["raw gradient"]),
    ("def momentum_step(w, v, g, learning_rate, beta):\n"
     "    return w - learning_rate * v, beta * v + g", ["old velocity"]),
    ("def momentum_step(w, v, g, learning_rate, beta):\n    v = beta * v + g\n"
     "    return w + learning_rate * v, v", ["wrong sign"]),
    ("def momentum_step(w, v, g, learning_rate, beta):\n    v = v + g\n"
     "    return w - learning_rate * v, v", ["beta is missing"]),
    ("def momentum_step(w, v, g, learning_rate, beta):\n    v = beta * v + (1 - beta) * g\n"
     "    return w - learning_rate * v, v", ["averaging form"]),
    ("def momentum_step(w, v, g, learning_rate, beta):\n    v = beta * v - learning_rate * g\n"
     "    return w - learning_rate * v, v", ["learning rate appears twice"]),
    ("def momentum_step(w, v, g, learning_rate, beta):\n    v = beta * v + g\n"
     "    return w - v, v", ["learning rate is missing"]),
    ("def momentum_step(w, v, g, learning_rate, beta):\n    v = beta * v + g\n"
     "    return v, w - learning_rate * v", ["wrong order", "(v_new, w_new)"]),
    ("def momentum_step(w, v, g, learning_rate, beta):\n    v = beta * v + g\n"
     "    return [w - learning_rate * v, v]", []),                      # a list is fine
    ("def momentum_step(w, v, g, learning_rate, beta):\n    v *= beta\n    v += g\n"
     "    w -= learning_rate * v\n    return w, v", [PASSES, "changed its input w, v in place"]),
    ("def momentum_step(w, v, g, learning_rate, beta):\n    v = beta * v - learning_rate * g\n"
     "    return w + v, v", [PASSES, "another convention", "the series writes v = beta v + g"]),
    ("def momentum_step(w, v, g, learning_rate, beta):\n"
     "    return w - learning_rate * (beta * v + g)", ["2 values", "w_new, v_new"]),
    ("def momentum_step(w, v, g, learning_rate, beta):\n"
     "    v = beta * v + learning_rate * g\n    return w - v, v",
     [PASSES, "another convention", "keeps the learning rate in v"]),
    ("def momentum_step(w, v, g, learning_rate, beta):\n"
     "    v = beta * v + learning_rate * g\n    return w - learning_rate * v, v",
     ["learning rate appears twice"]),
    ("def momentum_step(w, v, g, learning_rate, beta):\n    while True:\n        pass",
     ["still running", "loop"]),
]
_SGD = """def sgd_step(params, X_batch, Y_batch, learning_rate):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    m = {m}
    Z1 = W1 @ X_batch + b1
    A1 = {act}(Z1)
    A2 = sigmoid(W2 @ A1 + b2)
    dZ2 = {dZ2}
    dW2 = dZ2 @ {prev}.T / m
    db2 = dZ2.sum(axis=1, keepdims=True) / m
    dZ1 = ({W2T} @ dZ2) * {slope}
    dW1 = {dW1} / m
    db1 = {db1} / m
    return {{"W1": W1 {op} learning_rate * dW1, "b1": b1 {op} learning_rate * db1,
            "W2": W2 {op} learning_rate * dW2, "b2": b2 {op} learning_rate * db2}}
"""
_OK = dict(m="X_batch.shape[1]", dZ2="A2 - Y_batch", prev="A1", W2T="W2.T", act="sigmoid",
           slope="A1 * (1 - A1)", dW1="dZ1 @ X_batch.T", db1="dZ1.sum(axis=1, keepdims=True)",
           op="-")


def sgd(**changes):
    return _SGD.format(**{**_OK, **changes})


SGD_STEP = [
    (sgd(), []),                                                     # the template is right
    (sgd(m="1"), ["summed over the batch", "divide by m"]),
    (sgd(slope="1.0"), ["σ'(z) is forgotten", "sigma'(Z1)"]),
    (sgd(op="+"), ["wrong sign", "subtracts"]),
    (sgd(prev="Z1"), ["Z1 used where A1 is needed"]),
    (sgd(prev="A2"), ["A2 used where A1 is needed"]),
    (sgd(slope="Z1 * (1 - Z1)"), ["z (1 - z)"]),
    (sgd(slope="sigmoid(A1) * (1 - sigmoid(A1))"), ["σ' evaluated at a"]),
    (sgd(dZ2="(A2 - Y_batch) * A2 * (1 - A2)"), ["extra factor σ'", "A2 - Y already"]),
    (sgd(db1="dZ1.sum(axis=1)"), ["keepdims"]),
    (sgd(db1="dZ1"), ["b1", "not summed over the examples"]),
    (sgd(W2T="W2"), ["matrix product", "W2 (1, 3) @ dZ2 (1, 4)", "transpose"]),
    (sgd(dW1="X_batch @ dZ1.T"), ["element-wise operation", "(3,2)", "transposed"]),
    (sgd(op="-") .replace("return {", "params.update({").replace("db2}\n", "db2})\n"
                                                                       "    return params\n"),
     [PASSES, "changed its input params", "new dict"]),
    (sgd(dZ2="(A2 - Y_batch) / m"), ["divided by m twice"]),
    (sgd(act="np.tanh", slope="(1 - A1 ** 2)"), ["that is tanh", "hidden layer",
                                                  "A1 (1 - A1)"]),
    (sgd(act="np.tanh"), ["that is tanh", "hidden layer"]),
    (sgd(slope="dsigmoid(Z1)"), ["`dsigmoid`", "run the set-up cell"]),
    (sgd(op="-").replace("W1 - learning_rate * dW1", "dW1").replace(
        "b1 - learning_rate * db1", "db1").replace("W2 - learning_rate * dW2", "dW2").replace(
        "b2 - learning_rate * db2", "db2"), ["these are the gradients", "updated parameters"]),
    (sgd(op="-").replace("b1 - learning_rate * db1", "b1").replace(
        "b2 - learning_rate * db2", "b2"), ["biases are not updated"]),
    (sgd().replace("    dZ1 = (W2.T", "    W2 = W2 - learning_rate * dW2\n    dZ1 = (W2.T").replace(
        '"W2": W2 - learning_rate * dW2', '"W2": W2'),
     ["through the updated W2", "old parameters"]),
    ("""def sgd_step(params, X_batch, Y_batch, learning_rate):
    p = {k: v.copy() for k, v in params.items()}
    m = X_batch.shape[1]
    for i in range(m):
        x, y = X_batch[:, i:i + 1], Y_batch[:, i:i + 1]
        a1 = sigmoid(p["W1"] @ x + p["b1"])
        a2 = sigmoid(p["W2"] @ a1 + p["b2"])
        d2 = a2 - y
        d1 = (p["W2"].T @ d2) * a1 * (1 - a1)
        p["W2"] -= learning_rate * d2 @ a1.T / m
        p["b2"] -= learning_rate * d2 / m
        p["W1"] -= learning_rate * d1 @ x.T / m
        p["b1"] -= learning_rate * d1 / m
    return p
""", ["inside the loop over the examples", "one update"]),
    ("def sgd_step(params, X_batch, Y_batch, learning_rate):\n    return {'W1': params['W1']}",
     ["keys W1, b1, W2, b2", "missing b1, W2, b2"]),
]

# ---------------------------------------------------------------- notebook 03: SymPy
TANH_GRADIENT = [
    ("def tanh_gradient(s):\n    return sp.diff(s.loss, s.w1_11)",
     ["value is right", "chain-rule product", "sp.diff"]),
    ("def tanh_gradient(s):\n    return (s.a2 - s.y) * s.w2_11 * (1 - sp.tanh(s.z1_1)) * s.x1",
     ["1 - tanh(z1_1)", "square is missing"]),
    ("def tanh_gradient(s):\n    return (s.a2 - s.y) * s.w2_11 * s.x1",
     ["1 - tanh(z1_1)**2", "missing"]),
    ("def tanh_gradient(s):\n    return (s.a2 - s.y) * (1 - sp.tanh(s.z1_1)**2) * s.x1",
     ["w2_11", "missing"]),
    ("def tanh_gradient(s):\n    return (s.a2 - s.y) * s.w2_11 * s.a1_1 * (1 - s.a1_1) * s.x1",
     ["sigmoid's slope"]),
    ("def tanh_gradient(s):\n"
     "    return (s.a2 - s.y) * s.a2 * (1 - s.a2) * s.w2_11 * (1 - s.a1_1**2) * s.x1",
     ["extra factor"]),
    ("def tanh_gradient(s):\n    return (s.a2 - s.y) * s.w2_12 * (1 - s.a1_1**2) * s.x1",
     ["wrong weight"]),
    ("def tanh_gradient(s):\n    return (s.a2 - s.y) * s.w2_11 * (1 - s.a1_1**2) * s.x2",
     ["wrong input"]),
    ("def tanh_gradient(s):\n    return (s.y - s.a2) * s.w2_11 * (1 - s.a1_1**2) * s.x1",
     ["wrong sign"]),
    ("def tanh_gradient(s):\n"
     "    return (s.a2 - s.y) * s.w2_11 * (1 - s.a1_1) * (1 + s.a1_1) * s.x1", []),
    ("def tanh_gradient(s):\n    dz2 = s.a2 - s.y\n    dz1 = s.w2_11 * dz2 * (1 - s.a1_1**2)\n"
     "    return dz1 * s.x1", []),
    ("def tanh_gradient(s):\n    tanh_prime = 4 / (sp.exp(s.z1_1) + sp.exp(-s.z1_1))**2\n"
     "    return (s.a2 - s.y) * s.w2_11 * tanh_prime * s.x1", []),
    ("def tanh_gradient(s):\n    return (s.a2 - s.y) * s.w2_11 * sp.sech(s.z1_1)**2 * s.x1", []),
    ("def tanh_gradient(s):\n    return (s.a2 - s.y) * s.w2_11 / sp.cosh(s.z1_1)**2 * s.x1", []),
    ("def tanh_gradient(s):\n    return (s.a2 - s.y) * s.w2_11 * (1 - s.z1_1**2) * s.x1",
     ["z1_1 used where a1_1 is needed"]),
    ("def tanh_gradient(s):\n    return (s.a2 - s.y) * s.w2_11 * (1 - s.a2**2) * s.x1",
     ["a2", "wrong layer"]),
    ("def tanh_gradient(s):\n    return (s.a2 - s.y) * s.w2_11 * (1 - s.a1_2**2) * s.x1",
     ["a1_2", "used where a1_1 is needed"]),
    ("def tanh_gradient(s):\n    return sp.expand((s.a2 - s.y) * s.w2_11 * (1 - s.a1_1**2) * s.x1)",
     ["value is right", "not a product"]),
    ("def tanh_gradient(s):\n"
     "    return sp.simplify((s.a2 - s.y) * s.w2_11 * (1 - s.a1_1**2) * s.x1)",
     ["inside SymPy", "simplify", "needs no simplifying"]),
    ("def tanh_gradient(s):\n    return (s.a2 - s.y) * s.w2_11 * (1 - s.a1_1**2) * s.x1\n"
     "    while True:\n        pass", []),                    # unreachable loop: fine
    ("def tanh_gradient(s):\n    return (s.a2 - s.y) * s.w1_11 * (1 - s.a1_1**2) * s.x1",
     ["wrong weight", "through w2_11"]),
    ("def tanh_gradient(s):\n    return (s.a2 - s.y) * s.w2_11 * sp.tanh(s.z1_1)**2 * s.x1",
     ["tanh(z1_1)**2", "the 1 - is missing"]),
    ("def tanh_gradient(s):\n    dL_da2 = -s.y / s.a2 + (1 - s.y) / (1 - s.a2)\n"
     "    return dL_da2 * s.w2_11 * (1 - s.a1_1**2) * s.x1", ["dL/da2 where dL/dz2", "σ'(z2)"]),
    ("def tanh_gradient(s):\n"
     "    return (s.a2 - s.y) * s.w2_11 * sp.diff(sp.tanh(s.z1_1), s.z1_1) * s.x1",
     ["sp.diff differentiates with respect to a symbol", "in the line `return", "fresh symbol"]),
    ("def tanh_gradient(s):\n"
     "    return sp.Matrix([[(s.a2 - s.y) * s.w2_11 * (1 - s.a1_1**2) * s.x1]])", []),
    ("def tanh_gradient(s):\n    return 0.5", ["the number 0.5", "not an expression"]),
    ("def tanh_gradient(s):\n    x1 = sp.Symbol('x1')\n"
     "    return (s.a2 - s.y) * s.w2_11 * (1 - s.a1_1**2) * x1",
     ["not in the exercise: x1", "sp.Symbol", "new one"]),
    ("def tanh_gradient(s):\n    return (s.a2 - s.y) * s.w2_11 * (1 - s.a1_1**2) * x1",
     ["`x1` is not defined", "test case"]),
]

# ------------------------------------------------------------- notebook 03: softmax
_A = "sp.exp(z[k]) / sum(sp.exp(q) for q in z)"
SOFTMAX_GRADIENT = [
    (f"def softmax_gradient(z, y):\n    return [{_A} - y[k] for k in range(len(z))]", []),
    (f"def softmax_gradient(z, y):\n    return [({_A} - y[k]) / sp.log(10) for k in range(3)]",
     ["log10", "natural log ln"]),
    (f"def softmax_gradient(z, y):\n    return [-y[k] / ({_A}) for k in range(3)]",
     ["that is dL/da_k"]),
    (f"def softmax_gradient(z, y):\n    return [y[k] - {_A} for k in range(3)]", ["wrong sign"]),
    ("def softmax_gradient(z, y):\n    return [1 / (1 + sp.exp(-z[k])) - y[k] for k in range(3)]",
     ["sigmoid per class"]),
    ("def softmax_gradient(z, y):\n    return [z[0]]", ["list of 3 expressions", "length 1"]),
    ("def softmax_gradient(z, y):\n    return np.zeros(3)", ["list of 3 expressions"]),
    ("def softmax_gradient(z, y):\n    return [1 / 0]", ["ZeroDivisionError", "test case"]),
    (f"def softmax_gradient(z, y):\n    return np.array([{_A} - y[k] for k in range(3)])", []),
    (f"def softmax_gradient(z, y):\n    return [{_A} for k in range(3)]",
     ["that is a_k", "- y_k term is missing"]),
    ("def softmax_gradient(z, y):\n    total = sum(np.exp(q) for q in z)\n"
     "    return [np.exp(z[k]) / total - y[k] for k in range(3)]",
     ["np.exp works on numbers, not on SymPy symbols", "sp.exp", "in the line `total"]),
]

# ------------------------------------------------------------- notebook 09: convolutions
_KG = """def kernel_gradient(x, dy, padding=0):
    xp = {pad}
    kh, kw = xp.shape[0] - dy.shape[0] + {one}, xp.shape[1] - dy.shape[1] + {one}
    dK = np.zeros((kh, kw))
    for i in range(dy.shape[0]):
        for j in range(dy.shape[1]):
            dK {op} {g} * xp[i:i + kh, j:j + kw]
    return {out}
"""
_KG_OK = dict(pad="np.pad(x, padding)", one="1", op="+=", g="dy[i, j]", out="dK")


def kg(**changes):
    return _KG.format(**{**_KG_OK, **changes})


_KG_OFFSETS = """def kernel_gradient(x, dy, padding=0):
    kh = x.shape[0] + 2 * padding - dy.shape[0] + 1
    kw = x.shape[1] + 2 * padding - dy.shape[1] + 1
    dK = np.zeros((kh, kw))
    for a in range(kh):
        for b in range(kw):
            dK[a, b] = {value}
    return dK
"""
KERNEL_GRADIENT = [
    (kg(), []),                                                   # the template is right
    (kg(out="dK.astype(np.float32)"), []),
    (kg(out="dK.tolist()"), []),
    (_KG_OFFSETS.format(value="np.sum(dy * np.pad(x, padding)[a:a + dy.shape[0], "
                              "b:b + dy.shape[1]])"), []),
    (kg(g="dy[::-1, ::-1][i, j]"), ["dy was flipped", "the convolution", "correlation"]),
    (kg(out="dK[::-1, ::-1]"), ["rotated by 180 degrees", "swapped"]),
    (kg(out="np.flip(dK)"), ["rotated by 180 degrees"]),
    (kg(pad="np.pad(x, padding)[::-1, ::-1]"), ["x was flipped"]),
    (kg(out="dK.T"), ["transpose"]),
    (kg(op="="), ["only the last position", "dK +="]),
    (kg(out="dK / dy.size"), ["divided by the number of positions", "a sum, not a mean"]),
    (kg(g="1"), ["dy is missing"]),
    (kg(pad="x"), ["padding is ignored", "np.pad(x, padding)"]),
    (kg(pad="np.pad(np.pad(x, padding), padding)"), ["applied twice"]),
    (kg(pad="np.pad(x, padding, mode='edge')"), ["copies of its edge", "zeros"]),
    (kg(one="0"), ["last row and column of dK are missing", "+ 1"]),
    (kg(op="-="), ["wrong sign"]),
    (kg(out="dK[::-1]"), ["flipped up-down"]),
    (kg(pad="np.pad(x, padding).T"), ["x was used transposed"]),
    (kg(g="dy[:, ::-1][i, j]"), ["dy was flipped left-right"]),
    (kg(g="dy.T[i, j]").replace("range(dy.shape[0])", "range(dy.shape[1])", 1).replace(
        "range(dy.shape[1]):", "range(dy.shape[0]):", 1), ["dy was used transposed"]),
    (kg(pad="np.pad(x, ((padding, 0), (padding, 0)))"), ["padded on one side only"]),
    (kg(pad="np.pad(x, ((0, 2 * padding), (0, 2 * padding)))"), ["on one side only"]),
    (_KG_OFFSETS.format(value="np.sum(dy * np.pad(x, padding)[a:a + dy.shape[0], "
                              "b:b + dy.shape[1]])").replace("range(kh)", "range(kh - 1)")
     .replace("range(kw)", "range(kw - 1)"), ["last row and column of dK are 0", "range(kh)"]),
    (_KG_OFFSETS.format(value="np.sum(dy * np.pad(x, padding)[a:a + dy.shape[0], "
                              "b:b + dy.shape[1]])").replace("dK = np.zeros((kh, kw))",
                                                              "dK = np.zeros((kh, kw), dtype=int)"),
     ["whole numbers", "integer dtype"]),
    (_KG_OFFSETS.format(value="np.sum(dy * np.pad(x, padding)[a:a + dy.shape[0], "
                              "b:b + dy.shape[1]])").replace("range(kh)", "range(kh + 1)")
     .replace("range(kw)", "range(kw + 1)"), ["slice past the end", "range(kh)"]),
    ("def kernel_gradient(x, dy, padding=0):\n    x -= x.mean()\n"
     "    xp = np.pad(x, padding)\n"
     "    kh, kw = xp.shape[0] - dy.shape[0] + 1, xp.shape[1] - dy.shape[1] + 1\n"
     "    return np.array([[np.sum(dy * xp[a:a + dy.shape[0], b:b + dy.shape[1]])\n"
     "                      for b in range(kw)] for a in range(kh)])", ["wrong values"]),
    (kg().replace("dK += dy[i, j] * xp[i:i + kh, j:j + kw]",
                  "np.add(dK, dy[i, j] * xp[i:i + kh, j:j + kw])"), ["all zeros"]),
    ("def kernel_gradient(x, dy, padding=0):\n    xp = np.pad(x, padding)\n"
     "    kh, kw = xp.shape[0] - dy.shape[0] + 1, xp.shape[1] - dy.shape[1] + 1\n"
     "    return np.array([[dy[i, j] * xp[i:i + kh, j:j + kw] for j in range(dy.shape[1])]\n"
     "                     for i in range(dy.shape[0])])", ["not added up", "SUM"]),
    ("def kernel_gradient(x, dy, padding=0):\n    xp = np.pad(x, padding)\n"
     "    kh, kw = xp.shape[0] - dy.shape[0] + 1, xp.shape[1] - dy.shape[1] + 1\n"
     "    return dy[0, 0] * xp[:kh, :kw]", ["only the first position"]),
    ("def kernel_gradient(x, dy, padding=0):\n    return dy * x",
     ["element-wise operation", "x_padded[a:a + H', b:b + W']", "test case 1"]),
    (_KG_OFFSETS.format(value="dy * np.pad(x, padding)[a:a + dy.shape[0], b:b + dy.shape[1]]"),
     ["dK[a, b] is one number", "np.sum"]),
    (_KG_OFFSETS.format(value="np.sum(dy * x[a:a + dy.shape[0], b:b + dy.shape[1]])"),
     ["element-wise operation", "pad"]),
    ("def kernel_gradient(x, dy, padding=0):\n"
     "    dK = np.zeros((x.shape[0] - dy.shape[0] + 1, x.shape[1] - dy.shape[1] + 1))\n"
     "    for a in range(dK.shape[0]):\n        for b in range(dK.shape[1]):\n"
     "            for i in range(dy.shape[0]):\n                for j in range(dy.shape[1]):\n"
     "                    dK[a, b] += dy[i, j] * x[i + a - padding, j + b - padding]\n"
     "    return dK", ["without the padding", "wrong shape"]),
    ("def kernel_gradient(x, dy, padding=0):\n"
     "    dK = np.zeros((x.shape[0] + 2 * padding - dy.shape[0] + 1,\n"
     "                   x.shape[1] + 2 * padding - dy.shape[1] + 1))\n"
     "    for a in range(dK.shape[0]):\n        for b in range(dK.shape[1]):\n"
     "            for i in range(dy.shape[0]):\n                for j in range(dy.shape[1]):\n"
     "                    r, c = i + a - padding, j + b - padding\n"
     "                    if r < x.shape[0] and c < x.shape[1]:\n"
     "                        dK[a, b] += dy[i, j] * x[r, c]\n"
     "    return dK", ["negative index", "zero border"]),
    ("def kernel_gradient(x, dy):\n    return x", ["keep the stub's signature"]),
    ("def kernel_gradient(x, dy, padding=0):\n    return np.zeros(dy.shape)",
     ["that is dy's shape", "kernel's shape"]),
]

_MP = """def max_pool_backward(x, dy, size=2, stride=2):
    dx = np.zeros(x.shape)
    for i in range(dy.shape[0]):
        for j in range(dy.shape[1]):
            w = x[{rows}, {cols}]
            r, c = {where}
            dx[{at}] {op} {g}
    return {out}
"""
_MP_OK = dict(rows="i * stride:i * stride + size", cols="j * stride:j * stride + size",
              where="np.unravel_index(np.argmax(w), w.shape)",
              at="i * stride + r, j * stride + c", op="+=", g="dy[i, j]", out="dx")


def mp(**changes):
    return _MP.format(**{**_MP_OK, **changes})


_WINDOW = "i * stride:i * stride + size, j * stride:j * stride + size"
MAX_POOL_BACKWARD = [
    (mp(), []),                                                   # the template is right
    (mp(where="divmod(np.argmax(w), size)"), []),
    (mp(out="dx.tolist()"), []),
    (mp(where="divmod(len(w.ravel()) - 1 - np.argmax(w.ravel()[::-1]), size)"),
     [PASSES, "another convention", "last maximum", "first"]),
    (mp(at=_WINDOW, g="(w == w.max()) * dy[i, j] / np.sum(w == w.max())"),
     [PASSES, "another convention", "shared out evenly"]),
    (mp(at="i * stride, j * stride"), ["same corner", "maximum of window (i, j)"]),
    (mp(at="i * stride + size - 1, j * stride + size - 1"), ["same corner"]),
    (mp(at="i * stride, j * stride + size - 1"), ["same corner"]),
    (mp(at=_WINDOW, g="dy[i, j] / size ** 2"), ["average pooling's backward"]),
    (mp(at=_WINDOW, g="dy[i, j] / w.size"), ["average pooling's backward"]),
    (mp(at=_WINDOW), ["copied to every entry"]),
    (mp(where="np.unravel_index(np.argmin(w), w.shape)"), ["minimum"]),
    (mp(at=_WINDOW, g="(w == w.max()) * dy[i, j]"), ["every maximum", "test case 5"]),
    (mp(op="="), ["windows overlap", "+="]),
    (mp(at="r, c"), ["position inside the window", "window's corner"]),
    (mp(rows="i:i + size", cols="j:j + size", at="i + r, j + c"), ["moved by 1", "stride"]),
    (mp(g="1"), ["mask of the maxima", "multiply by the upstream gradient"]),
    (mp().replace("dx = np.zeros(x.shape)", "dx = x.copy()"), ["started from x's values"]),
    (mp(g="dy[i, j] * w[r, c]"), ["multiplied by the maximum's value"]),
    (mp(g="dy[i, j] / size ** 2"), ["divided by size**2"]),
    (mp(out="dx.T"), ["dx is transposed"]),
    (mp().replace("dx = np.zeros(x.shape)", "dx = np.zeros(x.shape, dtype=int)"),
     ["whole numbers", "integer dtype"]),
    (mp(where="np.unravel_index(np.argmax(w.T), w.shape)[::-1]"),
     [PASSES, "another convention", "another of the window's maxima"]),
    ("def max_pool_backward(x, dy, size=2, stride=2):\n    dx = np.zeros(x.shape)\n"
     "    for i in range(dy.shape[0]):\n        for j in range(dy.shape[1]):\n"
     f"            w = x[{_WINDOW}]\n"
     f"            dx[{_WINDOW}].ravel()[np.argmax(w)] += dy[i, j]\n    return dx",
     ["all zeros", "copy"]),
    (mp(where="np.unravel_index(np.argmax(w), w.shape)[::-1]"), ["row and column are swapped"]),
    (mp(where="divmod(np.argmax(w), x.shape[1])"), ["unravel_index"]),
    (mp(rows="i * size:i * size + size", cols="j * size:j * size + size",
        at="i * size + r, j * size + c"), ["you stepped by size"]),
    ("def max_pool_backward(x, dy, size=2, stride=2):\n    out = np.zeros(dy.shape)\n"
     "    for i in range(dy.shape[0]):\n        for j in range(dy.shape[1]):\n"
     f"            out[i, j] = x[{_WINDOW}].max()\n    return out",
     ["forward pass's output"]),
    ("def max_pool_backward(x, dy, size=2, stride=2):\n    dx = np.zeros(x.shape)\n"
     "    for i in range(0, x.shape[0], stride):\n"
     "        for j in range(0, x.shape[1], stride):\n"
     "            w = x[i:i + size, j:j + size]\n"
     "            r, c = np.unravel_index(np.argmax(w), w.shape)\n"
     "            dx[i + r, j + c] += dy[i // stride, j // stride]\n    return dx",
     ["IndexError", "dy's shape", "test case 2"]),
    ("def max_pool_backward(x, dy, size=2, stride=2):\n    routes = []\n"
     "    for i in range(dy.shape[0]):\n        for j in range(dy.shape[1]):\n"
     f"            w = x[{_WINDOW}]\n"
     "            r, c = np.unravel_index(np.argmax(w), w.shape)\n"
     "            routes.append((i * stride + r, j * stride + c, dy[i, j]))\n"
     "    x[:] = 0\n    for r, c, g in routes:\n        x[r, c] += g\n    return x",
     [PASSES, "changed its input x in place"]),
    ("def max_pool_backward(x, dy, size=2, stride=2):\n    return dy",
     ["that is dy's shape", "x's shape"]),
    ("def max_pool_backward(x, dy, size=2, stride=2):\n    H, W = dy.shape\n"
     "    y = x[:H * size, :W * size].reshape(H, size, W, size).max(axis=(1, 3))\n"
     "    mask = x == np.kron(y, np.ones((size, size)))\n"
     "    return mask * np.kron(dy, np.ones((size, size)))",
     ["element-wise operation", "cover only x's first 4 rows and 6 columns", "test case 2"]),
    ("def max_pool_backward(x, dy):\n    return x", ["keep the stub's signature"]),
]

KERNEL_GRADIENT_BY_HAND = [
    ("def kernel_gradient_by_hand():\n    return [[21, 17], [14, 15]]", ["flipped up-down"]),
    ("def kernel_gradient_by_hand():\n    return [[15, 14], [17, 21]]", ["flipped left-right"]),
    ("def kernel_gradient_by_hand():\n    return [[0, 0], [0, 0]]", ["not filled in yet"]),
    ("def kernel_gradient_by_hand():\n    return [[14]]", ["wrong shape", "2 by 2"]),
    ("def kernel_gradient_by_hand():\n    return [[14j, 15], [21, 17]]", ["complex"]),
    ("def kernel_gradient_by_hand():\n    return [[1, 2], [3, None]]", ["an entry is None"]),
    ("def kernel_gradient_by_hand():\n    return [[1, 2], [3, 4]]", ["two or more entries"]),
    ("def kernel_gradient_by_hand():\n    return [[14, 15], [21, 17]]", []),
    ("def kernel_gradient_by_hand():\n    return np.array([14.0, 15.0, 21.0, 17.0])", []),
    ("def kernel_gradient_by_hand():\n    return np.float32([[14, 15], [21, 17]])", []),
    ("def kernel_gradient_by_hand():\n    return [[17, 21], [15, 14]]", ["rotated"]),
    ("def kernel_gradient_by_hand():\n    return [[14, 21], [15, 17]]", ["transpose"]),
    ("def kernel_gradient_by_hand():\n    return [[14, 15], [21, 18]]",
     ["dK[1, 1] (row 2, column 2) is not right", "arithmetic slip"]),
    ("def kernel_gradient_by_hand():\n    return [[14, 15], [21]]", ["expected the 2-by-2"]),
    ("def kernel_gradient_by_hand():\n    return np.zeros((3, 3))", ["dy's shape", "2 by 2"]),
]

BANK = (
    [("start:check_neuron", src, words) for src, words in NEURON]
    + [("forward:check_layer_forward", src, words) for src, words in LAYER_FORWARD]
    + [("forward:check_two_layer_forward", src, words) for src, words in TWO_LAYER_FORWARD]
    + [("losses:check_bce_loss", src, words) for src, words in BCE_LOSS]
    + [("losses:check_mse_grad_z", src, words) for src, words in MSE_GRAD_Z]
    + [("by_hand:check_layer_backward", src, words) for src, words in LAYER_BACKWARD]
    + [("training:check_momentum_step", src, words) for src, words in MOMENTUM_STEP]
    + [("training:check_sgd_step", src, words) for src, words in SGD_STEP]
    + [("symbolic:check_tanh_gradient", src, words) for src, words in TANH_GRADIENT]
    + [("symbolic:check_softmax_gradient", src, words) for src, words in SOFTMAX_GRADIENT]
    + [("conv:check_kernel_gradient", src, words) for src, words in KERNEL_GRADIENT]
    + [("conv:check_max_pool_backward", src, words) for src, words in MAX_POOL_BACKWARD]
    + [("conv:check_kernel_gradient_by_hand", src, words)
       for src, words in KERNEL_GRADIENT_BY_HAND]
)
