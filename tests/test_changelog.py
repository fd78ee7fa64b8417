"""The version is set once (pyproject.toml) and CITATION.cff and CHANGELOG.md follow it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def released():
    """(version, date) of every '## [X.Y.Z] - YYYY-MM-DD' heading of CHANGELOG.md, newest first."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in text
    return re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", text, re.M)


def test_citation_and_changelog_follow_the_package_version():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    version = re.search(r'^version = "(.+)"$', pyproject, re.M).group(1)  # no tomllib on 3.10
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    newest_version, newest_date = released()[0]
    assert newest_version == version, "CHANGELOG.md's newest release is not pyproject's version"
    assert re.search(rf"^version: {re.escape(version)}$", citation, re.M), "CITATION.cff version"
    assert re.search(rf'^date-released: "{newest_date}"$', citation, re.M), "CITATION.cff date"


def test_releases_are_newest_first_with_rising_versions():
    versions = [tuple(map(int, v.split("."))) for v, _ in released()]
    dates = [d for _, d in released()]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
    assert dates == sorted(dates, reverse=True)
