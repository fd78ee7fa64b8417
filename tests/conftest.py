import matplotlib
import pytest
from hypothesis import settings

matplotlib.use("Agg")  # tests draw off-screen; the notebooks' kernels are not affected
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

# Property tests draw the same examples on every run, so CI cannot fail by chance.
settings.register_profile("course", derandomize=True, deadline=None, max_examples=60)
settings.load_profile("course")


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test opened, so figures do not pile up across tests."""
    yield
    plt.close("all")
