# %% Imports
# NumPy for the maths, matplotlib for the figure; nothing else.
import json
import math

import numpy as np
import matplotlib.pyplot as plt

# %% Random numbers
# descent's own generator, xoshiro256** seeded through SplitMix64, on Python
# integers cut to 64 bits: the same seed gives the same batches as descent.
M64 = (1 << 64) - 1

def rng(seed):
    x, state = seed & M64, []
    for _ in range(4):
        x = (x + 0x9E3779B97F4A7C15) & M64
        z = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        state.append(z ^ (z >> 31))
    return state

def rotl(v, k):
    return ((v << k) | (v >> (64 - k))) & M64

def next_u64(s):
    result = (rotl((s[1] * 5) & M64, 7) * 9) & M64
    t = (s[1] << 17) & M64
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
    s[3] = rotl(s[3], 45)
    return result

def uniform(s):  # in [0, 1), 53 random bits
    return (next_u64(s) >> 11) * 2.0**-53

def below(s, n):  # an integer in 0..n-1 without bias (Lemire)
    while True:
        m = next_u64(s) * n
        if (m & M64) >= ((-n) & M64) % n:
            return m >> 64

def normal(s):  # a standard normal sample (Box-Muller)
    u1 = 1.0 - uniform(s)
    u2 = uniform(s)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(math.tau * u2)

def shuffle(s, items):  # Fisher-Yates, in place
    for i in range(len(items) - 1, 0, -1):
        j = below(s, i + 1)
        items[i], items[j] = items[j], items[i]

# %% The model
# Each point's logit z depends on the parameters theta = (p0, p1); `logit`
# gives z, its gradient dz (one row a point) and Hessian d2z over a batch B.
N = len(DATA["y"])
TWO = MODEL["model"] == "two-features" and DATA["x2"] is not None
X1 = np.array(DATA["x"], float) if TWO else np.ones(N)  # the first parameter's feature
X = np.array(DATA["x2"] if TWO else DATA["x"], float)   # the second parameter's feature
Y = np.array(DATA["y"], float)
ALL = np.arange(N)

def from_c(f):  # f from the C library, as descent's Rust calls it (NumPy's may differ in the last bit)
    return lambda v: np.fromiter(map(f, v.tolist()), float, len(v))

exp, tanh, log1p = from_c(math.exp), from_c(math.tanh), from_c(math.log1p)

def logit(theta, B):
    x1, x = X1[B], X[B]
    if MODEL["model"] == "hidden-unit":  # z = w2 tanh(w1 x + c) + d
        h = tanh(theta[0] * x + MODEL["c"])
        slope = 1.0 - h * h
        z = theta[1] * h + MODEL["d"]
        dz = np.stack([theta[1] * slope * x, h], axis=1)
        d2z = np.zeros((len(B), 2, 2))
        d2z[:, 0, 0] = theta[1] * (-2.0 * h * slope) * x * x
        d2z[:, 0, 1] = d2z[:, 1, 0] = slope * x
        return z, dz, d2z
    # z = b0 + b1 x (x1 = 1), or w1 x1 + w2 x2
    return theta[0] * x1 + theta[1] * x, np.stack([x1, x], axis=1), np.zeros((len(B), 2, 2))

# %% The loss
# Each point's loss l(z, y) with its first and second derivatives in z,
# written so nothing overflows; the loss is their mean over the batch.
def point_loss(z, y):
    e = exp(-np.abs(z))
    s = np.where(y == 1.0, -1.0, 1.0)
    u = s * z
    residual = s * np.where(u >= 0, 1.0, e) / (1.0 + e)  # p - y
    spread = e / ((1.0 + e) * (1.0 + e))                 # p (1 - p)
    if MODEL["loss"] == "nll":  # -[y log p + (1 - y) log(1 - p)]
        return np.maximum(u, 0.0) + log1p(e), residual, spread
    p = np.where(z >= 0, 1.0, e) / (1.0 + e)  # (p - y)^2
    return (residual * residual, 2.0 * residual * spread,
            2.0 * spread * spread + 2.0 * residual * spread * (1.0 - 2.0 * p))

# %% The penalty
# L2 adds (lambda/2) theta^2 to the loss; L1 adds lambda |theta| and is
# handled by its proximal step, soft-thresholding, after each update.
PENALTY, LAM, MASK = MODEL["penalty"], MODEL["lambda"], np.array(MODEL["mask"], float)

def price(theta):  # the L1 price, lambda |theta_k| summed over the penalised parameters
    value = 0.0
    for k in range(2):
        value += LAM * abs(theta[k]) if MASK[k] else 0.0
    return value

def prox(theta, step):
    if PENALTY != "l1":
        return theta
    shrunk = np.sign(theta) * np.maximum(np.abs(theta) - step * LAM, 0.0)
    return np.where(MASK > 0, shrunk, theta)

# %% Loss, gradient and Hessian over a batch
# L_B(theta) and its gradient in one pass over the points B (indices; a
# repeat counts twice), and its Hessian; B = ALL gives the full loss L.
EXACT = MODEL["loss"] == "nll" and (MODEL["model"] == "logistic" or TWO)

def total(v):  # a sum in order, first to last, as descent adds
    return np.cumsum(v, axis=0)[-1]

def evaluate(theta, B):
    if EXACT:  # the logistic NLL: descent's own arithmetic (next cell)
        value, g = logistic_nll(theta, B)
    else:
        z, dz, _ = logit(theta, B)
        l, first, _ = point_loss(z, Y[B])
        value, g = total(l) / len(B), total(first[:, None] * dz) / len(B)
    for k in range(2):
        if MASK[k] and PENALTY == "l2":  # + (lambda/2) theta_k^2, and its slope
            value, g[k] = value + 0.5 * LAM * theta[k] * theta[k], g[k] + LAM * theta[k]
    return value + (price(theta) if PENALTY == "l1" else 0.0), g

def loss(theta, B):
    return evaluate(theta, B)[0]

def grad(theta, B):
    return evaluate(theta, B)[1]

def hessian(theta, B):
    z, dz, d2z = logit(theta, B)
    _, first, second = point_loss(z, Y[B])
    terms = second[:, None, None] * dz[:, :, None] * dz[:, None, :] + first[:, None, None] * d2z
    return total(terms) / len(B) + (LAM * np.diag(MASK) if PENALTY == "l2" else 0.0)

# %% Summing as descent does
# descent adds the logistic NLL four points at a time, with its own e^u, multiplying the
# 1 + e^-|u| and taking one logarithm; done alike here, a line search sees the same last digits.
LOG2_E, LN_2, ROUND = 1.4426950408889634, 0.6931471805599453, 6755399441055744.0
LN2_HI, LN2_LO = np.array([0x3FE62E42FEE00000, 0x3DEA39EF35793C76], dtype=np.uint64).view(np.float64)
TAYLOR = [1.0 / math.factorial(n) for n in range(13)]

def exp_nonpositive(u):  # e^u = 2^k e^r, e^r by its Taylor series to r^12
    u = np.where(u < -700.0, -700.0, u)
    rounded = u * LOG2_E + ROUND
    k = rounded - ROUND
    r = (u - k * LN2_HI) - k * LN2_LO
    r2 = r * r
    r4 = r2 * r2
    p = [TAYLOR[n] + TAYLOR[n + 1] * r for n in range(0, 12, 2)]
    series = ((p[0] + r2 * p[1]) + r4 * (p[2] + r2 * p[3])) + r4 * r4 * ((p[4] + r2 * p[5]) + r4 * TAYLOR[12])
    two_k = ((rounded.view(np.int64) - np.int64(0x4338000000000000) + 1023) << 52).view(np.float64)
    return series * two_k

def lanes(v, pad):  # points in rows of four, the last row padded
    return np.concatenate([v, np.full(-len(v) % 4, pad)]).reshape(-1, 4)

def logistic_nll(theta, B):
    x1, x, n = X1[B], X[B], len(B)
    s = np.where(Y[B] == 1.0, -1.0, 1.0)
    u = s * (theta[0] * x1 + theta[1] * x)   # the point's loss is softplus(u)
    e = exp_nonpositive(-np.abs(u))
    residual = s * np.where(u >= 0, 1.0, e) / (1.0 + e)   # p - y
    linear = total(lanes(np.where(u > 0, u, 0.0), 0.0))   # each lane's sum; the lanes added after
    g = np.array([total(total(lanes(residual * x1, 0.0))), total(total(lanes(residual * x, 0.0)))])
    product, exponent, factors = np.ones(4), np.zeros(4), lanes(1.0 + e, 1.0)
    for row in range(0, len(factors), 512):  # the product of 1 + e^-|u|, its exponent kept apart
        product = np.cumprod(np.vstack([product, factors[row:row + 512]]), axis=0)[-1]
        mantissa, power = np.frexp(product)
        product, exponent = 2.0 * mantissa, exponent + (power - 1)
    log_product = total([math.log(p) for p in product]) + total(exponent) * LN_2
    value = (total(linear) + log_product) / n
    if value < 1e-3:  # a tiny loss: each point's logarithm on its own
        value = total(np.maximum(u, 0.0) + log1p(exp(-np.abs(u)))) / n
    return value, g / n

# %% The batches
# Shuffle the points, hand out consecutive batches, reshuffle after each
# epoch (or draw each batch with replacement); a batch of all N is every point in order.
def batches(run):
    s = rng(run["seed"])
    order = list(range(N))
    shuffle(s, order)
    size = min(max(run["batch"], 1), N)
    per_epoch = N // size if run["drop_last"] else -(-N // size)
    position = taken = 0
    while True:
        if size >= N and position == 0:
            batch = list(range(N))
            position = N
        elif run["sampling"] == "replacement":
            batch = [below(s, N) for _ in range(size)]
        else:
            batch = order[position:position + size]
            position += len(batch)
        taken += 1
        if (position >= N
                or (run["sampling"] == "shuffle" and run["drop_last"] and N - position < size)
                or (run["sampling"] == "replacement" and taken >= per_epoch)):
            if size < N:
                shuffle(s, order)  # the next epoch's order
            position = taken = 0
        yield np.array(batch, dtype=int)

# %% The learning rate
# The schedule: the rate for the step taken after t steps, from the base rate lr.
def rate(run, t):
    lr, kind, decay = run["lr"], run["schedule"]["kind"], run["schedule"]["decay"]
    if kind == "step":
        return lr * decay ** float(t // max(run["schedule"]["every"], 1))
    if kind == "inv":
        return lr / (1.0 + decay * t)
    if kind == "exp":
        return lr * math.exp(-decay * t)
    return lr

# %% The optimizers
# Each takes the batch gradient g (and its state s) and returns a direction d:
# the step is theta + lr d. It also returns the gradient at theta, for the line search.
def gd(theta, s, grad_B, hess_B, lr):
    g = grad_B(theta)
    return -g, g                                                # θ ← θ − η ∇L_B(θ)

def momentum(theta, s, grad_B, hess_B, lr):
    g = grad_B(theta)
    s["v"] = s["mu"] * s["v"] + g
    return -s["v"], g                                           # v ← μ v + ∇L_B(θ);   θ ← θ − η v

def nesterov(theta, s, grad_B, hess_B, lr):
    ahead = theta + (-lr * s["mu"]) * s["v"]  # the look-ahead point θ − η μ v
    g = grad_B(ahead)
    s["v"] = s["mu"] * s["v"] + g
    if s["line_search"] and not np.array_equal(ahead, theta):
        g = grad_B(theta)  # the line search judges the slope at theta itself
    return -s["v"], g                                           # v ← μ v + ∇L_B(θ − η μ v);   θ ← θ − η v

def adagrad(theta, s, grad_B, hess_B, lr):
    g = grad_B(theta)
    s["G"] = s["G"] + g * g
    return -g / (np.sqrt(s["G"]) + s["eps"]), g                 # G ← G + g²;   θ ← θ − η g / (√G + ε)

def rmsprop(theta, s, grad_B, hess_B, lr):
    g = grad_B(theta)
    s["E"] = s["rho"] * s["E"] + (1.0 - s["rho"]) * g * g
    return -g / (np.sqrt(s["E"]) + s["eps"]), g                 # E ← ρ E + (1 − ρ) g²;   θ ← θ − η g / (√E + ε)

def powi(a, n):  # a^n by repeated squaring, as Rust's powi (beta^t in Adam)
    r = 1.0
    while n:
        r, a, n = r * a if n & 1 else r, a * a, n >> 1
    return r

def adam(theta, s, grad_B, hess_B, lr):
    g, s["t"] = grad_B(theta), s["t"] + 1
    s["m"] = s["beta1"] * s["m"] + (1.0 - s["beta1"]) * g
    s["v"] = s["beta2"] * s["v"] + (1.0 - s["beta2"]) * g * g
    m_hat = s["m"] * (1.0 / (1.0 - powi(s["beta1"], s["t"])))
    v_hat = s["v"] * (1.0 / (1.0 - powi(s["beta2"], s["t"])))
    return -m_hat / (np.sqrt(v_hat) + s["eps"]), g              # m ← β1 m + (1 − β1) g;   v ← β2 v + (1 − β2) g²;   θ ← θ − η m̂ / (√v̂ + ε),   m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ)

def newton(theta, s, grad_B, hess_B, lr):
    g, H = grad_B(theta), hess_B(theta)
    mean, radius = 0.5 * (H[0, 0] + H[1, 1]), math.hypot(0.5 * (H[0, 0] - H[1, 1]), H[0, 1])
    largest, smallest = mean + radius, mean - radius
    if not (smallest > 1e-9 * largest and smallest > 0.0 and math.isfinite(largest)):
        return -g, g  # H is not positive definite: a gradient step instead
    (a, b), (_, c) = H  # H⁻¹ of a 2 x 2 matrix: [[c, -b], [-b, a]] / det
    return -np.array([c * g[0] - b * g[1], a * g[1] - b * g[0]]) / (a * c - b * b), g   # θ ← θ − η H⁻¹ ∇L_B(θ),   H = ∇²L_B(θ)

OPTIMIZERS = {"gd": gd, "momentum": momentum, "nesterov": nesterov, "adagrad": adagrad,
              "rmsprop": rmsprop, "adam": adam, "newton": newton}

# %% Line search
# Backtracking (Armijo): halve the step size until the batch loss falls by
# at least 1e-4 of what the slope promises; if nothing lowers it, stay.
def line_search(theta, d, g, B, lr):
    slope = g[0] * d[0] + g[1] * d[1]
    if not slope < 0.0:  # not downhill: search along -g
        d, slope = -g, -(g[0] * g[0] + g[1] * g[1])
    if not slope < 0.0:
        return theta
    here = loss(theta, B)
    rounding = 1e-15 * max(abs(here), 2.2250738585072014e-308)
    t = lr
    for _ in range(40):
        nxt = prox(theta + t * d, t)
        new, promised = loss(nxt, B), 1e-4 * t * slope          # line search: η halves until L_B(θ + η d) ≤ L_B(θ) + 10⁻⁴ η ∇L_B(θ)·d
        if new <= here + promised or (new <= here and -promised < rounding):
            return nxt
        if -promised < rounding:
            break
        t *= 0.5
    return theta

# %% The run loop
# One run: at each step the next batch, the learning rate, the optimizer's
# direction, the move; it stops like descent's if it diverges.
NOISE_SALT = 0x9015E5EED0000001

def fresh_state(run):
    h, zero = run["hyper"], np.zeros(2)
    return {"mu": h["momentum"], "beta1": h["beta1"], "beta2": h["beta2"], "eps": h["eps"],
            "rho": h["rho"], "line_search": run["line_search"],
            "v": zero, "G": zero, "E": zero, "m": zero, "t": 0}

def descend(run):
    theta = np.array(run["start"], float)
    step, state, sampler = OPTIMIZERS[run["optimizer"]], fresh_state(run), batches(run)
    noise_rng = rng(run["seed"] ^ NOISE_SALT)
    start_loss = loss(theta, ALL)
    thetas, trace = [theta], [start_loss]
    for t in range(run["steps"]):
        B, lr = next(sampler), rate(run, t)
        sigma = run["noise"] / (1.0 + t) ** run["noise_decay"] if run["noise"] > 0 else 0.0

        def grad_B(th):  # the batch gradient, plus Gaussian noise of size sigma
            g = grad(th, B)
            return g + sigma * np.array([normal(noise_rng), normal(noise_rng)]) if sigma > 0 else g

        d, g = step(theta, state, grad_B, lambda th: hessian(th, B), lr)
        nxt = line_search(theta, d, g, B, lr) if run["line_search"] else prox(theta + lr * d, lr)
        here = loss(nxt, ALL) if np.all(np.isfinite(nxt)) and np.isfinite(loss(theta, B)) else np.nan
        if not np.isfinite(here):
            break  # not finite: the run stops at its last finite point
        theta = nxt
        thetas.append(theta)
        trace.append(here)
        if here > 20.0 * max(start_loss, 1.0) or np.max(np.abs(theta)) > 1e6:
            break  # diverged: the loss exploded or the parameters ran off
    return np.array(thetas), np.array(trace)

# %% Every run
# Each run of the view from its start, keeping its path (thetas) and its
# trace (the full loss after each step).
paths, traces = [], []
for run in RUNS:
    thetas, trace = descend(run)
    paths.append(thetas)
    traces.append(trace)
    print(f"{run['optimizer']}, lr {run['lr']}: {len(trace) - 1} steps, loss {trace[-1]:.6g} at {thetas[-1]}")

# %% The figure
# The full loss over the window as contours, every run's path on it (its
# start marked), and beside it the trace: each run's loss against its steps.
A = np.linspace(*WINDOW["b0"], 80)
Bs = np.linspace(*WINDOW["b1"], 80)
exact = exp, tanh, log1p
exp, tanh, log1p = np.exp, np.tanh, np.log1p  # NumPy's own here: faster, and a picture needs no last bits
Z = np.array([[loss(np.array([a, b]), ALL) for a in A] for b in Bs])
exp, tanh, log1p = exact
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5))
left.contourf(A, Bs, np.log(Z - Z.min() + 1e-3 * (Z.max() - Z.min())), levels=30, cmap="viridis")
for k, (thetas, run) in enumerate(zip(paths, RUNS)):
    colour = f"C{(k + 1) % 10}"
    left.plot(thetas[:, 0], thetas[:, 1], ".-", color=colour, ms=3, lw=1, label=f"{run['optimizer']}, η {run['lr']:.4g}")
    left.plot(*thetas[0], "o", color=colour, mec="white", ms=8)
    right.plot(traces[k], color=colour)
left.set(title=TITLE, xlabel=AXES[0], ylabel=AXES[1], xlim=WINDOW["b0"], ylim=WINDOW["b1"])
left.legend(fontsize=8)
right.set(title="The trace", xlabel="step", ylabel="full loss L", yscale="log")
plt.tight_layout()
plt.show()

# %% The check
# Each run's final parameters and loss against what descent showed (to 1e-9);
# the last line is the runs' final numbers as JSON.
worst = (0.0, None)
for k, (thetas, trace, shown) in enumerate(zip(paths, traces, SHOWN)):
    for ours, theirs in zip([*thetas[-1], trace[-1]], [*shown["theta"], shown["loss"]]):
        gap = abs(ours - theirs) / max(1.0, abs(theirs))
        worst = max(worst, (gap, k + 1), key=lambda w: w[0])
if worst[0] <= 1e-9:
    print(f"These runs reproduce descent's numbers (largest difference {worst[0]:.1e}).")
else:
    print(f"Run {worst[1]} differs from descent's by {worst[0]:.1e} (relative): not reproduced.")
print(json.dumps({"runs": [{"theta": [float(v) for v in thetas[-1]], "loss": float(trace[-1])}
                           for thetas, trace in zip(paths, traces)]}))
