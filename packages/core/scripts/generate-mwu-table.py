#!/usr/bin/python3
"""Writes src/fixtures/mwu-table.json: the reference the baseline judge's statistics are tested against.

Run with Debian's python3 and its python3-scipy / python3-mpmath packages (apt-get install -y
python3-scipy python3-mpmath), from packages/core:

    /usr/bin/python3 scripts/generate-mwu-table.py

Independent of the TypeScript: p-values come from scipy.stats.mannwhitneyu itself, the exact null
distribution for the interval from scipy's own tables (checked here against brute-force enumeration
for small samples), normal CDF references from mpmath at 40 digits. The output is deterministic
(fixed seeds, sorted keys), so rerunning it on the same scipy gives the same bytes.

Definitions (the TypeScript computes the same ones, see src/mann-whitney-u.ts, src/hodges-lehmann.ts):
- U is the canary's statistic: U1 = R1 - n1(n1+1)/2 with average ranks (= #{c > b} + #{c = b}/2).
- Method: scipy's 'auto' rule, "exact" when min(n1, n2) <= 8 and the pooled values have no tie,
  "asymptotic" otherwise (normal approximation, tie correction, continuity correction 0.5).
- p_greater (canary worse = larger) = P0(U >= U1); p_less = P0(U >= U2); p_two_sided = min(1, 2 P0(U >= max)).
- Hodges-Lehmann: the median of the N = n1*n2 differences canary_i - baseline_j (mean of the two middle
  ones when N is even). Interval at confidence g: with a = (1 - g) / 2, c* = the largest integer c in
  [0, floor((N - 1) / 2)] with P0(U <= c) <= a (scanning up from 0, stopping at the first c that fails;
  -1 when c = 0 fails), k = c* + 1; the interval is [D(k), D(N + 1 - k)] of the sorted differences
  (1-based), unbounded (null, null) when k = 0. P0 is the exact null distribution under the exact
  method and Phi((c + 0.5 - N/2) / s) under the asymptotic one (s the tie-corrected standard deviation
  the test uses).
"""
import itertools
import json
import math
import os

import mpmath
import numpy as np
import scipy
from scipy import stats
from scipy.stats import _mannwhitneyu as scipy_mwu

EXACT_MAX_SIZE = 8


def choose_method(canary, baseline):
    pooled = list(canary) + list(baseline)
    ties = len(set(pooled)) < len(pooled)
    if min(len(canary), len(baseline)) <= EXACT_MAX_SIZE and not ties:
        return 'exact'
    return 'asymptotic'


def tie_corrected_sd(canary, baseline):
    n1, n2 = len(canary), len(baseline)
    n = n1 + n2
    _, counts = np.unique(np.array(list(canary) + list(baseline), dtype=float), return_counts=True)
    tie_term = float(np.sum(counts.astype(float) ** 3 - counts))
    return math.sqrt(n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1))))


def brute_force_cdf(n1, n2, c):
    """P0(U <= c) by enumerating every split of ranks 1..n1+n2 (small samples only)."""
    total = 0
    at_most = 0
    for chosen in itertools.combinations(range(1, n1 + n2 + 1), n1):
        u = sum(chosen) - n1 * (n1 + 1) // 2
        total += 1
        at_most += u <= c
    return at_most / total


def null_cdf(method, canary, baseline):
    n1, n2 = len(canary), len(baseline)
    if method == 'exact':
        return lambda c: float(scipy_mwu._mwu_state.cdf(c, n1, n2))
    s = tie_corrected_sd(canary, baseline)
    half = n1 * n2 / 2

    def asymptotic(c):
        with np.errstate(divide='ignore', invalid='ignore'):
            # IEEE division, as in JavaScript: s = 0 (all values equal) gives ±inf or NaN, not an exception.
            return float(stats.norm.cdf(np.float64(c + 0.5 - half) / np.float64(s)))

    return asymptotic


def hodges_lehmann(canary, baseline, confidence, method):
    differences = sorted(c - b for c in canary for b in baseline)
    count = len(differences)
    middle = count // 2
    if count % 2 == 1:
        estimate = differences[middle]
    else:
        estimate = (differences[middle - 1] + differences[middle]) / 2
    alpha_half = (1 - confidence) / 2
    cdf = null_cdf(method, canary, baseline)
    critical = -1
    for c in range(0, (count - 1) // 2 + 1):
        # NaN (all values equal: s = 0 and c = N/2 - 0.5) fails the test, as in the TypeScript.
        if cdf(c) <= alpha_half:
            critical = c
        else:
            break
    k = critical + 1
    if method == 'exact' and len(canary) + len(baseline) <= 12:
        for c in range(0, count + 1):
            assert abs(cdf(c) - brute_force_cdf(len(canary), len(baseline), c)) < 1e-12
    if k == 0:
        return {'estimate': estimate, 'k': 0, 'lower': None, 'upper': None}
    return {'estimate': estimate, 'k': k, 'lower': differences[k - 1], 'upper': differences[count - k]}


def mann_whitney(canary, baseline, method):
    results = {}
    for alternative in ('greater', 'less', 'two-sided'):
        result = stats.mannwhitneyu(canary, baseline, alternative=alternative, method=method)
        results[alternative] = result
    u1 = float(results['greater'].statistic)
    return {
        'u': u1,
        'uBaseline': len(canary) * len(baseline) - u1,
        'pGreater': float(results['greater'].pvalue),
        'pLess': float(results['less'].pvalue),
        'pTwoSided': float(results['two-sided'].pvalue),
    }


def rounded(values, digits):
    return [round(float(value), digits) for value in values]


def make_cases():
    rng = np.random.default_rng(20251003)
    latency = lambda n, scale: rounded(rng.lognormal(math.log(400 * scale), 0.15, n), 3)
    cases = [
        ('one each, canary larger', [5.0], [3.0], 0.95),
        ('one each, equal (a tie)', [4.0], [4.0], 0.95),
        ('1 vs 5, canary largest', [9.5], [1.0, 2.0, 3.0, 4.0, 5.0], 0.95),
        ('2 vs 2, interleaved', [1.0, 4.0], [2.0, 3.0], 0.95),
        ('2 vs 3', [7.0, 9.0], [1.0, 8.0, 3.0], 0.9),
        ('3 vs 3, canary all larger', [410.0, 420.0, 430.0], [300.0, 310.0, 320.0], 0.95),
        ('4 vs 4, interleaved', [1.5, 3.5, 5.5, 7.5], [1.0, 3.0, 6.0, 8.0], 0.8),
        ('5 vs 5, canary all larger', [21.0, 22.0, 23.0, 24.0, 25.0], [1.0, 2.0, 3.0, 4.0, 5.0], 0.95),
        ('5 vs 5, canary all smaller', [1.0, 2.0, 3.0, 4.0, 5.0], [21.0, 22.0, 23.0, 24.0, 25.0], 0.95),
        ('5 vs 5 with ties (asymptotic)', [3.0, 4.0, 4.0, 5.0, 6.0], [2.0, 3.0, 4.0, 4.0, 5.0], 0.95),
        ('5 vs 5 identical series', [10.0, 20.0, 30.0, 40.0, 50.0], [10.0, 20.0, 30.0, 40.0, 50.0], 0.95),
        ('6 vs 6 error rates, many zeros', [0.0, 0.0, 0.01, 0.02, 0.0, 0.03], [0.0, 0.0, 0.0, 0.01, 0.0, 0.0], 0.95),
        ('3 vs 20, exact with a long baseline', latency(3, 1.3), latency(20, 1.0), 0.95),
        ('8 vs 8 latencies, exact', latency(8, 1.1), latency(8, 1.0), 0.95),
        ('8 vs 9, exact (one side <= 8)', latency(8, 1.2), latency(9, 1.0), 0.99),
        ('8 vs 40, exact with a long baseline', latency(8, 1.05), latency(40, 1.0), 0.95),
        ('9 vs 9, no ties (asymptotic)', latency(9, 1.1), latency(9, 1.0), 0.95),
        ('9 vs 9, canary all larger', [float(v) for v in range(110, 119)], [float(v) for v in range(100, 109)], 0.95),
        ('10 vs 10, all values equal', [7.0] * 10, [7.0] * 10, 0.95),
        ('10 vs 10 integers with ties, canary slightly worse', [3.0, 4.0, 4.0, 5.0, 5.0, 6.0, 6.0, 6.0, 7.0, 8.0], [3.0, 3.0, 4.0, 4.0, 5.0, 5.0, 5.0, 6.0, 6.0, 7.0], 0.95),
        ('12 vs 12 identical series', latency(12, 1.0) * 1, None, 0.95),
        ('20 vs 20 rounded latencies, canary +10%', rounded(latency(20, 1.1), -1), rounded(latency(20, 1.0), -1), 0.95),
        ('30 vs 30 error rates, heavy ties', rounded(rng.binomial(1000, 0.004, 30) / 1000, 3), rounded(rng.binomial(1000, 0.002, 30) / 1000, 3), 0.95),
        ('100 vs 100 latencies, canary +33%', latency(100, 1.33), latency(100, 1.0), 0.95),
        ('100 vs 100 latencies, same distribution', latency(100, 1.0), latency(100, 1.0), 0.95),
        ('100 vs 100 latencies, canary 20% better', latency(100, 0.8), latency(100, 1.0), 0.95),
        ('100 vs 100, completely separated (deep tail)', [float(v) for v in range(1000, 1100)], [float(v) for v in range(0, 100)], 0.999),
        ('50 vs 200 latencies, canary +5%', latency(50, 1.05), latency(200, 1.0), 0.9),
        ('500 vs 500 latencies, canary +2%', latency(500, 1.02), latency(500, 1.0), 0.95),
    ]
    # The identical-series case repeats its own canary as the baseline.
    return [(name, canary, canary if baseline is None else baseline, confidence) for name, canary, baseline, confidence in cases]


def normal_cdf_references():
    mpmath.mp.dps = 40
    points = [i / 8 for i in range(-300, 81)] + [-37.5, -30.0, -1e-3, 1e-3, 0.0, 8.3, 9.0]
    return [{'x': x, 'cdf': float(mpmath.ncdf(x))} for x in sorted(set(points))]


def main():
    cases = []
    for name, canary, baseline, confidence in make_cases():
        method = choose_method(canary, baseline)
        cases.append({
            'name': name,
            'canary': canary,
            'baseline': baseline,
            'confidence': confidence,
            'method': method,
            **mann_whitney(canary, baseline, method),
            'hodgesLehmann': hodges_lehmann(canary, baseline, confidence, method),
        })
    table = {
        'generator': 'packages/core/scripts/generate-mwu-table.py',
        'scipy': scipy.__version__,
        'numpy': np.__version__,
        'mpmath': mpmath.__version__,
        'exactMaxSize': EXACT_MAX_SIZE,
        'cases': cases,
        'normalCdf': normal_cdf_references(),
    }
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'fixtures', 'mwu-table.json')
    with open(out, 'w') as handle:
        json.dump(table, handle, indent=1, sort_keys=False, allow_nan=False)
        handle.write('\n')
    print(f'wrote {len(cases)} cases and {len(table["normalCdf"])} normal CDF points to {os.path.normpath(out)}')


if __name__ == '__main__':
    main()
