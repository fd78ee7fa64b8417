import matplotlib
from hypothesis import settings

matplotlib.use("Agg")  # tests draw off-screen; the notebooks' kernels are not affected

# Property tests draw the same examples on every run, so CI cannot fail by chance.
settings.register_profile("course", derandomize=True, deadline=None, max_examples=60)
settings.load_profile("course")
