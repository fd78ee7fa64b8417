"""pytest set-up for the whole repository, so that it holds for notebooks/ as for tests/.

nbval (make nbval) runs each notebook's worked solutions in the same execution as its cells
(tests/worked_solutions.py), so make test executes every notebook once.
"""

pytest_plugins = ["worked_solutions"]  # tests/ is on pythonpath (pyproject.toml)
