"""Model answers to the series' discussion questions: the one copy of each.

The instructor's guide (``instructors/``) shows them, and the graded course
(``make assignments``) turns each question into a manually graded answer cell whose model
answer only the instructor version holds.

``MODEL_ANSWERS[notebook]`` is a list of ``(anchor, answer)`` pairs:

anchor : str
    A piece of text that stands in exactly one markdown cell of that notebook: the question
    (for an exercise, its bold label as written, for example ``"**2."``; for a "what do you
    expect?" prompt, a phrase of the prompt). The answer cell goes right after that cell.
answer : str
    The model answer, in Markdown (LaTeX between dollars, as in the notebooks).
"""



_START = [
    ("**Try it, and say what you expect first:**", r"""
The curve crosses $a = 0.5$ where $w x + b = 0$, at $x = -b/w$. Increasing $b$ slides the step
to the **left** (the crossing $-b/w$ decreases for $w > 0$); $|w|$ sets how steep the step is
(the slope at the crossing is $w/4$); a negative $w$ mirrors the curve, so $a$ falls from 1 to
0 as $x$ grows. With $w = 0$ the curve is flat at $\sigma(b)$: it is $0.5$ everywhere when
$b = 0$ and never $0.5$ otherwise. A student who predicts "b moves the curve up" has confused
the bias inside $\sigma$ with one added outside it (the checker of exercise 1 names that
mistake).
"""),
    ("**2.", r"""
With $n_0 = 64$, $n_1 = 30$, $n_2 = 10$ and $m = 20$: `X` is $(64, 20)$, `W1` $(30, 64)$,
`b1` $(30, 1)$, `Z1` $(30, 20)$, `W2` $(10, 30)$, `A2` $(10, 20)$, and `dW1` $(30, 64)$, the
shape of `W1`, because a gradient has the shape of what it differentiates (and
$dW^{[1]} = \frac1m dZ^{[1]} X^T$ is $(30, 20)(20, 64)$). The usual slip is writing `W1` as
$(64, 30)$, the row convention of document 002; `MLP([64, 30, 10])` settles it.
"""),
]

_FORWARD = [
    ("**Try it before you read on.**", r"""
Any hidden unit 1 that is on when at least one input is on (an OR: both weights large and
positive, bias between $-w$ and $0$), any hidden unit 2 that is on only when both are (an
AND: bias between $-2w$ and $-w$), and an output that is on for "OR and not AND" solve it;
*show a solution* loads $8, 8, -4$; $8, 8, -12$; $8, -8, -4$. What students should see in the
middle panel: $(0,1)$ and $(1,0)$ land on the same hidden point, after which one straight
line separates the classes. No setting of the output neuron alone can get all four right
(its boundary in the input plane would be one straight line), which is why the hidden layer
must *move* the points.
"""),
    ("**3.", r"""
`W2[1,1]` $= 8$, `W2[1,2]` $= 8$, `b2` $= -12$. With hidden unit 1 an OR and hidden unit 2 a
NAND, XOR is "OR **and** NAND": the output must be on only when **both** hidden units are on.
`W2[1,2]` changes sign because hidden unit 2 now *votes for* class 1 (NAND is on for the
positive points), where the AND unit voted against it ($-8$). `b2` must change because the
output is now an AND of its two inputs: $8 + 8 - 12 = 4 > 0$ when both are on, $8 - 12 = -4 < 0$
when only one is. The old $-4$ makes an OR of them ($8 - 4 = 4 > 0$ with one unit on), so
$(0,0)$, where only the NAND is on, and $(1,1)$, where only the OR is, would be on too. On the
exercise names (weights $\pm 8$, bias a multiple of 4) this is the only answer
(tests/test_widgets_forward.py searches the grid).
"""),
]

_LOSSES = [
    ("**3.", r"""
From $w = -2$ the squared error gains far more: all four points are right after **31** steps
instead of **227** from $w = -4$, while cross-entropy goes from **6** steps to **4**
(learning rate 0.5, $b = 0$ at the start, the notebook's loop). The gradient plot explains
it: cross-entropy's $\partial L/\partial z = a - y$ is close to $\pm 1$ for every confidently
wrong point, however saturated, so a less extreme start changes little. The squared error's
$(a - y)\,a(1 - a)$ carries the factor $\sigma'(z)$: at the two most wrong points ($x = \pm 2$,
$|z| = 2|w|$) it is $\sigma'(4)$ from $w = -2$, about 50 times $\sigma'(8)$ from $w = -4$
($\sigma'(4) / \sigma'(8) \approx e^4$), so the saturated start that made its plateau is much
shorter.
"""),
]

_SYMBOLIC = [
    ("**3.", r"""
`proves_equal(net.gradients(), net.backprop())` holds with `loss="mse"` just as with
cross-entropy: the backward equations do not depend on the loss except through the output
error. Only equation (1) changes: $\delta^{[3]} = \nabla_a C \odot g'(z^{[3]})$ with
$\nabla_a C = a^{[3]} - y$ for $\tfrac12 (a - y)^2$, so $\delta^{[3]} = (a^{[3]} - y)\,
\sigma'(z^{[3]}) = (a^{[3]} - y)\,a^{[3]}(1 - a^{[3]})$ instead of $a^{[3]} - y$: the factor
$\sigma'(z^{[3]})$ that cross-entropy cancelled comes back. Equations (2) to (4) are unchanged.
"""),
]

_BY_HAND = [
    ("**3.", r"""
Open: grade the prediction against the check, not the bug. A good answer names *which*
parameters will fail and *why* before running. For example, `sigmoid(Z_prev)` where
`dsigmoid(Z_prev)` belongs in the hidden layers: the output layer's `dW` and `db` pass (they
are computed before any hidden $\sigma'$ is used); every layer below fails, each example's
error multiplied by $\sigma(z)/\sigma'(z) = 1 + e^{z}$, a factor that differs from entry to
entry, so there is no constant ratio analytic / numerical (unlike "1/m forgotten" or "sign
error"). A bug in the *forward* pass, such as a forgotten bias, is invisible to the check
while every bias is 0 (as right after initialisation): a reason to check at random
parameters.
"""),
]

_TRAINING = [
    ("## Playground", r"""
Open: ask for the settings and the seed each claim was seen with, since runs differ. What to
look for. XOR with 0 hidden layers can never get all four clusters right: its boundary is one
straight line. One hidden layer of 2 units *can* solve it but may stall from some starting
weights (compare a few restarts); more units fail less often, a first taste of why networks
are made wider than the minimum. For the spirals, a good answer reports the smallest
network that reached the goal and what it tried before. Batch size 1 gives a noisy loss
curve and many updates per epoch, full batch a smooth curve and one update. A rate that
makes SGD diverge need not make Adam diverge, since Adam's step size is set by the learning
rate rather than by the gradient's size. The habit to reward: one change at a time, judged on
the validation curve.
"""),
    ("**3.", r"""
Going further, open. Two points to look for. The smallest network: a good answer states it
with its validation accuracy and the seed, and checks two other seeds before calling it the
smallest. The 80-epoch sweep: with twice the budget a smaller learning rate has time to
arrive, so a tuned rate may move down; a good answer reports both sweeps' tuned rates and
scores, not only the winner, and says whether the 40-epoch conclusion still holds, over
seeds, as the notebook's own comparison does.
"""),
]

_CONVOLUTIONS = [
    ("**4.", r"""
(a) The convolution layer multiplies each of its $8 \times 3 \times 3 = 72$ weights once at
each of the $6 \times 6 = 36$ output positions: $72 \times 36 = 2{,}592$ multiplications per
image, 36 per weight. The MLP's first layer multiplies each of its $64 \times 11 = 704$ weights
once: 704 multiplications, one per weight. Adding the output layers ($72 \times 10 = 720$ and
$11 \times 10 = 110$), the CNN does about four times the arithmetic of the MLP per image with
about the same number of parameters. That is weight sharing seen from the other side: a shared
weight is used (and its gradient summed) at every position, so parameters are cheap and
arithmetic is not. A good answer counts the positions, not just the kernel entries.

(b) With `padding=1` the maps stay 8x8, pooling gives 4x4, and the dense layer sees
$8 \times 16 = 128$ values: $80 + 10 \times 128 + 10 = 1{,}370$ parameters. The MLP of that
size has $75 h + 10$ parameters for $h$ hidden units, so $h = 18$ (1,360). A good answer
changes both networks in the comparison cell (`ConvNet(..., padding=1)`, `N_HIDDEN = 18`),
reruns the tuning on every split, and reports both means with their spread and on how many
splits the CNN is ahead, rather than one split's numbers; whether the lead grows or shrinks
is for the runs to say.

(c) Without the ReLU the check passes. The failure came from $z = 0$ exactly on blank patches,
at the ReLU's corner. Without a ReLU there is no corner there; what remains are ties in max
pooling between the blank patches' equal values, but nudging $b^{[1]}_f$ shifts every $z$ of
map $f$ by the same amount, so the order within a window never changes and the maximum moves
smoothly with the bias; nudging a weight does not move those $z$ at all. With average pooling
instead of max pooling (ReLU kept) the check still fails on `db1`: the kink is the ReLU's, and
average pooling sends a share of the gradient to every unit, including each one sitting at
$z = 0$, where max pooling might have passed some of them over. In both cases the remedy of
notebook 04 works: move the biases off 0, or check at another point.
"""),
]

MODEL_ANSWERS = {
    "00_start_here.ipynb": _START,
    "01_forward_pass.ipynb": _FORWARD,
    "02_loss_functions.ipynb": _LOSSES,
    "03_deriving_gradients.ipynb": _SYMBOLIC,
    "04_gradients_by_hand.ipynb": _BY_HAND,
    "05_training.ipynb": _TRAINING,
    "09_convolutions.ipynb": _CONVOLUTIONS,
}
MODEL_ANSWERS = {name: [(anchor, answer.strip()) for anchor, answer in pairs]
                 for name, pairs in MODEL_ANSWERS.items()}
