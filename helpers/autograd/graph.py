"""Walking a computation graph: the order backward visits it, and backward one node at a time.

Works on any node with a ``parents`` tuple of pairs ``(parent, local)``, where ``local`` is
either a number (the local derivative d node / d parent, as in notebook 08's scalar engine)
or a function taking d loss / d node and returning this path's contribution to
d loss / d parent (the tensor engine of :mod:`helpers.autograd.tensor`).
"""


def topological_order(root):
    """Every node ``root`` depends on, and ``root`` itself, each listed after all its parents.

    An explicit stack instead of recursion, so graphs thousands of nodes deep are fine.
    """
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
            continue
        if id(node) in visited:
            continue
        visited.add(id(node))
        stack.append((node, True))               # comes back once every parent is listed
        stack.extend((parent, False) for parent, _ in node.parents if id(parent) not in visited)
    return order


def contribution(local, grad):
    """What one edge passes back: local derivative times the gradient, or the edge's rule."""
    return local(grad) if callable(local) else local * grad


def backward_steps(root, seed=1.0):
    """Replay backward on ``root``'s graph one node at a time, without changing any node.

    Returns ``(order, snapshots)``: ``order`` lists the nodes that pass a gradient on (those
    with parents), in the order backward visits them (reverse topological order, ``root``
    first); ``snapshots[k]`` maps ``id(node)`` to every node's gradient after the first ``k``
    of them have passed theirs to their parents (``snapshots[0]``: only the seed at ``root``).
    """
    nodes = topological_order(root)
    grads = {id(node): 0.0 for node in nodes}
    grads[id(root)] = seed
    order = [node for node in reversed(nodes) if node.parents]
    snapshots = [dict(grads)]
    for node in order:
        for parent, local in node.parents:
            grads[id(parent)] = grads[id(parent)] + contribution(local, grads[id(node)])
        snapshots.append(dict(grads))
    return order, snapshots
