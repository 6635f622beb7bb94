"""Tests of the decimals shown beside values that are continued numerically."""

from __future__ import annotations

import sympy

from derive.highprecision import decimal

x = sympy.Symbol("x")


def test_decimal_rounds_in_decimal():
    assert str(decimal(sympy.sqrt(3) / 3, 4)) == "0.5774"
    assert str(decimal(sympy.sqrt(26) / 2, 4)) == "2.550"


def test_decimal_of_complex_root():
    root = sympy.CRootOf(x**3 - x - 1, 1)
    shown = decimal(root, 8)
    assert str(sympy.re(shown)) == "-0.66235898"
    assert str(sympy.im(shown)) == "-0.56227951"
