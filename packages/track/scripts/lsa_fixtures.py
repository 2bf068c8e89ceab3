"""Fixtures for src/assignment.test.ts: scipy's linear_sum_assignment on seeded random matrices.

Run from packages/track with `python3 scripts/lsa_fixtures.py` (scipy 1.17.1, numpy 2.4.6 here); it
writes test/fixtures/lsa_scipy.json. Each case holds the matrix (rows of float64 written with
repr, so they parse back to the same doubles), scipy's row and column indices, and the total.
Cases: integer costs in 0..3 (many ties, so the order in which scipy breaks them is tested), real
costs in [0, 1), constant matrices, wide and tall shapes, and matrices with +inf entries where
scipy still finds a full assignment (the test compares those by count and total only, since the
solver treats +inf as forbidden rather than as a cost).
"""
import json
import math

import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment

rng = np.random.default_rng(20)
cases = []


def add(kind, matrix):
    rows, cols = linear_sum_assignment(matrix)
    total = float(matrix[rows, cols].sum()) if len(rows) else 0.0
    cases.append({
        'kind': kind,
        'cost': [[(None if math.isinf(x) else float(x)) for x in row] for row in matrix],
        'rows': [int(r) for r in rows],
        'cols': [int(c) for c in cols],
        'total': total,
    })


shapes = [(1, 1), (1, 4), (4, 1), (2, 2), (3, 3), (3, 5), (5, 3), (4, 4), (6, 6), (2, 7), (7, 2), (8, 8), (10, 6), (6, 10), (12, 12)]
for shape in shapes:
    for _ in range(4):
        add('ties', rng.integers(0, 4, shape).astype(np.float64))
    for _ in range(3):
        add('real', rng.random(shape))
for shape in [(3, 3), (2, 5), (5, 2), (6, 6)]:
    add('constant', np.full(shape, 1.5))
add('real', rng.random((30, 30)))
add('real', rng.random((25, 40)))
add('real', rng.random((40, 25)))
add('ties', rng.integers(0, 3, (30, 30)).astype(np.float64))
# +inf entries; kept only where scipy finds an assignment.
while sum(1 for c in cases if c['kind'] == 'inf') < 20:
    r, c = (int(x) for x in rng.integers(1, 9, 2))
    m = rng.random((r, c))
    m[rng.random((r, c)) < 0.3] = np.inf
    try:
        add('inf', m)
    except ValueError:
        pass

with open('test/fixtures/lsa_scipy.json', 'w') as f:
    json.dump({'scipy': scipy.__version__, 'numpy': np.__version__, 'cases': cases}, f, separators=(',', ':'))
print(len(cases), 'cases')
