"""helpers.portable: bounds that do not depend on the last digits of round-off."""
import numpy as np
import pytest

from helpers import portable
from helpers.gradcheck import compare


@pytest.mark.parametrize("err", [0.0, 1e-15, 3.7e-11, 9.99e-9])
def test_bound_below_floor_is_the_floor(err):
    assert portable.bound(err, 1e-8) == "< 1e-08"


def test_bound_above_floor_keeps_two_significant_figures():
    assert portable.bound(0.1234, 1e-8) == "0.12"
    assert portable.bound(2.5e-5, 1e-8) == "2.5e-05"


def test_round_off_noise_prints_the_same():
    rng = np.random.default_rng(0)
    noisy = 3e-11 * (1 + rng.uniform(-0.9, 5, size=100))      # the same error on 100 "CPUs"
    assert {portable.bound(e, 1e-9) for e in noisy} == {"< 1e-09"}


@pytest.mark.parametrize("kwargs, word", [({"err": -1.0, "floor": 1e-8}, "err"),
                                          ({"err": 1.0, "floor": 0.0}, "floor"),
                                          ({"err": 1.0, "floor": 3e-8}, "power of ten"),
                                          ({"err": float("nan"), "floor": 1e-8}, "err")])
def test_bound_rejects_bad_input(kwargs, word):
    with pytest.raises(ValueError, match=word):
        portable.bound(**kwargs)


def test_format_report_ok_fail_and_no_index():
    analytic = {"dW1": np.array([[1.0, 2.0]]), "db1": np.array([[0.5]])}
    numeric = {"dW1": np.array([[1.0 + 1e-12, 2.0]]), "db1": np.array([[0.25]])}
    text = portable.format_report(compare(analytic, numeric), floor=1e-9, tol=1e-7)
    lines = text.splitlines()
    assert [c.strip() for c in lines[0].split("|")] == ["name", "max rel. error", "ok"]
    assert lines[1].split("|")[1].strip() == "< 1e-09" and lines[1].split("|")[2].strip() == "ok"
    assert lines[2].split("|")[1].strip() == "0.33" and lines[2].split("|")[2].strip() == "FAIL"


def test_format_report_floor_above_tol_is_refused():
    with pytest.raises(ValueError, match="floor"):
        portable.format_report([], floor=1e-6, tol=1e-7)


@pytest.mark.parametrize("err, floor, text", [
    (0.0, None, "0"), (9e-10, None, "< 1e-09"), (1e-9, None, "< 1e-08"),   # strictly below
    (0.036, None, "< 1e-01"), (0.25, None, "0.25"), (3.0, None, "3"),
    (1e-14, 1e-13, "< 1e-13"), (2e-12, 1e-13, "< 1e-11"), (0.5, 1e-13, "0.5")])
def test_the_one_bound_in_power_style(err, floor, text):
    """What gradcheck's report, bugzoo's report and symbolic_check's comparison print."""
    assert portable.bound(err, floor, style="power") == text


def test_every_report_prints_through_the_one_bound():
    import inspect

    from helpers import bugzoo, gradcheck, symbolic_check
    for module in (bugzoo, gradcheck, symbolic_check):
        assert module.bound is portable.bound
        assert "log10" not in inspect.getsource(module)            # no copy of the rule
    assert not hasattr(gradcheck, "error_bound")
