#!/usr/bin/env python3
"""Compares two babelscope stores of the same corpus and model, view by view and layer by layer:
the relative error of each item's state, ||b - a|| / ||a|| with a the first (reference) store.

    scripts/compare-stores.py REFERENCE_STORE OTHER_STORE [--json OUT.json]

Prints, per layer, the median and maximum over all items of all views, and the worst view."""
import argparse
import json
import os
import sys

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("reference")
    ap.add_argument("other")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    ma = json.load(open(os.path.join(args.reference, "manifest.json")))
    mb = json.load(open(os.path.join(args.other, "manifest.json")))
    views = sorted(set(ma["views"]) & set(mb["views"]))
    if not views:
        sys.exit("the stores share no view")
    per_layer = {}
    worst = {}
    for v in views:
        a = np.load(os.path.join(args.reference, ma["views"][v]["file"]), mmap_mode="r").astype(np.float64)
        b = np.load(os.path.join(args.other, mb["views"][v]["file"]), mmap_mode="r").astype(np.float64)
        if a.shape != b.shape:
            sys.exit(f"view {v}: shapes {a.shape} and {b.shape} differ")
        rel = np.linalg.norm(b - a, axis=2) / np.maximum(np.linalg.norm(a, axis=2), 1e-30)  # [L, N]
        for l in range(rel.shape[0]):
            per_layer.setdefault(l, []).append(rel[l])
            m = float(rel[l].max())
            if m > worst.get(l, ("", -1))[1]:
                worst[l] = (v, m)
    out = {"views": len(views), "layers": []}
    print(f"{len(views)} views; relative error ||other - reference|| / ||reference|| per item")
    print("layer  median      max         worst view")
    for l in sorted(per_layer):
        r = np.concatenate(per_layer[l])
        out["layers"].append({"layer": l, "median": float(np.median(r)), "max": float(r.max()), "worst_view": worst[l][0]})
        print(f"{l:5d}  {np.median(r):.3e}  {r.max():.3e}  {worst[l][0]}")
    allr = np.concatenate([np.concatenate(x) for x in per_layer.values()])
    out["overall"] = {"median": float(np.median(allr)), "max": float(allr.max())}
    print(f"all    {np.median(allr):.3e}  {allr.max():.3e}")
    if args.json:
        json.dump(out, open(args.json, "w"), indent=1)


if __name__ == "__main__":
    main()
