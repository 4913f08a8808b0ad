#!/usr/bin/env python3
"""The PyTorch baseline of `babelscope bench kernels --backend cuda` (issue 3): the same MEXA and
top-k reductions written the way a PyTorch user would, `torch.mm` on row panels plus `amax` and
`topk`, timed on the same GPU and shapes, next to `torch.mm` alone on the same panels.

    python3 scripts/bench-torch.py --n 10000,100000 --d 1024,4096        # needs torch with CUDA
    python3 scripts/bench-torch.py --check                              # numpy: the tiled logic against brute force

The reductions match babelscope's definitions: rows L2-normalised; MEXA keeps S[i][i] and the row
and column maxima of S = a·bᵀ without the diagonal; top-k keeps the k largest per row and per
column. Row panels of `--panel-rows` rows against all of b keep the n x n matrix out of memory,
as babelscope's tiles do. Prints one line per kernel and shape: median ms, GFLOP/s, and the ratio
to torch.mm alone on the same panels (> 1 is faster).
"""
import argparse
import statistics
import sys
import time


class NumpyOps:
    """The handful of tensor operations the reductions use, on numpy (the --check path)."""

    def __init__(self):
        import numpy
        self.np = numpy

    def random(self, n, d, seed):
        x = self.np.random.default_rng(seed).standard_normal((n, d)).astype(self.np.float32)
        return x / self.np.linalg.norm(x, axis=1, keepdims=True)

    def mm_t(self, a, b):
        return a @ b.T

    def full(self, n, value):
        return self.np.full(n, value, dtype=self.np.float32)

    def amax(self, x, dim):
        return x.max(axis=dim)

    def maximum(self, x, y):
        return self.np.maximum(x, y)

    def topk(self, x, k, dim):
        idx = self.np.argsort(-x, axis=dim, kind="stable").take(range(k), axis=dim)
        return self.np.take_along_axis(x, idx, axis=dim), idx

    def cat(self, xs, dim):
        return self.np.concatenate(xs, axis=dim)

    def take(self, x, idx, dim):
        return self.np.take_along_axis(x, idx, axis=dim)

    def arange(self, n):
        return self.np.arange(n)

    def sync(self):
        pass


class TorchOps(NumpyOps):
    """The same operations on torch tensors on one device."""

    def __init__(self, device):
        import torch
        self.torch = torch
        self.device = device

    def random(self, n, d, seed):
        g = self.torch.Generator(device="cpu").manual_seed(seed)
        x = self.torch.randn(n, d, generator=g).to(self.device)
        return x / x.norm(dim=1, keepdim=True)

    def mm_t(self, a, b):
        return self.torch.mm(a, b.t())

    def full(self, n, value):
        return self.torch.full((n,), value, device=self.device)

    def amax(self, x, dim):
        return x.amax(dim=dim)

    def maximum(self, x, y):
        return self.torch.maximum(x, y)

    def topk(self, x, k, dim):
        return self.torch.topk(x, k, dim=dim)

    def cat(self, xs, dim):
        return self.torch.cat(xs, dim=dim)

    def take(self, x, idx, dim):
        return self.torch.gather(x, dim, idx)

    def arange(self, n):
        return self.torch.arange(n, device=self.device)

    def sync(self):
        self.torch.cuda.synchronize()


def panels(n, rows):
    for r0 in range(0, n, rows):
        yield r0, min(n, r0 + rows)


def mm_only(ops, a, b, rows):
    for r0, r1 in panels(a.shape[0], rows):
        ops.mm_t(a[r0:r1], b)
    ops.sync()


def mexa(ops, a, b, rows):
    n = a.shape[0]
    diag = ops.full(n, 0.0)
    row_max = ops.full(n, float("-inf"))
    col_max = ops.full(n, float("-inf"))
    for r0, r1 in panels(n, rows):
        s = ops.mm_t(a[r0:r1], b)
        i = ops.arange(r1 - r0)
        diag[r0:r1] = s[i, i + r0]
        s[i, i + r0] = float("-inf")  # the diagonal leaves both maxima
        row_max[r0:r1] = ops.amax(s, 1)
        col_max = ops.maximum(col_max, ops.amax(s, 0))
    ops.sync()
    return diag, row_max, col_max


def topk(ops, a, b, k, rows):
    n = a.shape[0]
    row_val, row_idx = [], []
    col_val = col_idx = None
    for r0, r1 in panels(n, rows):
        s = ops.mm_t(a[r0:r1], b)
        v, i = ops.topk(s, k, 1)
        row_val.append(v)
        row_idx.append(i)
        cv, ci = ops.topk(s, min(k, r1 - r0), 0)
        ci = ci + r0
        if col_val is None:
            col_val, col_idx = cv, ci
        else:  # merge the running per-column lists with this panel's
            both_v = ops.cat([col_val, cv], 0)
            both_i = ops.cat([col_idx, ci], 0)
            keep_v, pos = ops.topk(both_v, min(k, both_v.shape[0]), 0)
            col_val, col_idx = keep_v, ops.take(both_i, pos, 0)
    ops.sync()
    return ops.cat(row_val, 0), ops.cat(row_idx, 0), col_val, col_idx


def check():
    """The tiled reductions against brute force on small random inputs (numpy, any machine)."""
    ops = NumpyOps()
    np = ops.np
    for n, d, rows, k in [(1, 3, 1, 1), (37, 16, 5, 4), (300, 64, 64, 8), (257, 33, 300, 1)]:
        a, b = ops.random(n, d, 1), ops.random(n, d, 2)
        s = (a.astype(np.float64) @ b.T.astype(np.float64))
        diag, rmax, cmax = mexa(ops, a, b, rows)
        masked = s.copy()
        np.fill_diagonal(masked, -np.inf)
        assert np.allclose(diag, np.diag(s), atol=1e-5), (n, d, "diag")
        assert np.allclose(rmax, masked.max(1), atol=1e-5), (n, d, "row max")
        assert np.allclose(cmax, masked.max(0), atol=1e-5), (n, d, "col max")
        kk = min(k, n)
        rv, _, cv, ci = topk(ops, a, b, kk, rows)
        assert np.allclose(rv, -np.sort(-s, axis=1)[:, :kk], atol=1e-5), (n, d, "row top-k")
        assert np.allclose(cv, -np.sort(-s, axis=0)[:kk, :], atol=1e-5), (n, d, "col top-k")
        assert np.allclose(np.take_along_axis(s, ci, 0), cv, atol=1e-5), (n, d, "col top-k indices")
    print("check: tiled MEXA and top-k equal brute force on 4 shapes")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", default="10000", help="items per side, comma-separated (default 10000)")
    p.add_argument("--d", default="1024", help="widths, comma-separated (default 1024)")
    p.add_argument("--k", type=int, default=4, help="neighbours for top-k (default 4)")
    p.add_argument("--panel-rows", type=int, default=8192, help="rows of a per torch.mm (default 8192)")
    p.add_argument("--repetitions", type=int, default=5)
    p.add_argument("--tf32", action="store_true", help="allow TF32 in torch.mm")
    p.add_argument("--check", action="store_true", help="check the tiled logic with numpy and exit")
    args = p.parse_args()
    if args.check:
        check()
        return 0
    try:
        import torch
    except ImportError:
        print("bench-torch: torch is not installed here; nothing to compare", file=sys.stderr)
        return 2
    if not torch.cuda.is_available():
        print("bench-torch: torch sees no CUDA device", file=sys.stderr)
        return 2
    torch.backends.cuda.matmul.allow_tf32 = args.tf32
    ops = TorchOps("cuda")
    print(f"torch {torch.__version__}, {torch.cuda.get_device_name(0)}, tf32 {args.tf32}")
    print(f"{'n':>7} {'d':>5}  {'kernel':<28} {'median ms':>10} {'GFLOP/s':>9} {'vs mm':>6}")
    for n in map(int, args.n.split(",")):
        for d in map(int, args.d.split(",")):
            a, b = ops.random(n, d, 1), ops.random(n, d, 2)
            contenders = {
                "torch.mm alone (same panels)": lambda: mm_only(ops, a, b, args.panel_rows),
                "mexa (mm + amax)": lambda: mexa(ops, a, b, args.panel_rows),
                f"top-{args.k} (mm + topk)": lambda: topk(ops, a, b, args.k, args.panel_rows),
            }
            times = {name: [] for name in contenders}
            for f in contenders.values():
                f()  # warm-up
            for _ in range(args.repetitions):  # interleaved, as babelscope's bench
                for name, f in contenders.items():
                    t0 = time.perf_counter()
                    f()
                    times[name].append((time.perf_counter() - t0) * 1e3)
            base = times["torch.mm alone (same panels)"]
            for name, t in times.items():
                ratio = statistics.median(bt / tt for bt, tt in zip(base, t))
                ms = statistics.median(t)
                print(f"{n:>7} {d:>5}  {name:<28} {ms:>10.2f} {2.0 * n * n * d / ms / 1e6:>9.0f} {ratio:>6.2f}")
            del a, b
            torch.cuda.empty_cache()
    return 0


if __name__ == "__main__":
    sys.exit(main())
