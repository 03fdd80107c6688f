"""The code cites the project's own docs, by sections that exist, and no file outside it."""

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUNNING = ROOT / "docs" / "running.md"
SKIPPED_DIRS = {
    ".venv",
    ".git",
    ".hypothesis",
    ".pytest_cache",
    ".ruff_cache",
    "staticfiles",
    "htmlcov",
}
SUFFIXES = {".py", ".html", ".md", ".txt", ".js", ".css", ".toml", ".cfg"}
NAMES = {"Makefile", "Procfile"}
# Split so that this file does not hold what it looks for.
OUTSIDE = ["DOMAIN" + ".md", "../" + "shared/", "/work" + "/"]
CITATION = re.compile(r"docs/running\.md (§\d+(?:\.\d+)?)")


def project_files() -> list[Path]:
    files = []
    for folder, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and d != "__pycache__"]
        for name in names:
            path = Path(folder) / name
            if (path.suffix in SUFFIXES or name in NAMES) and path != Path(__file__).resolve():
                files.append(path)
    return files


def sections() -> set[str]:
    """ "§2" for "## 2. Zones and paces", "§2.3" for "### 2.3 Training paces"."""
    headings = re.findall(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", RUNNING.read_text(), re.MULTILINE)
    return {f"§{number}" for number in headings}


def test_running_doc_numbers_the_sections_the_code_cites():
    assert {"§1", "§1.3", "§2", "§2.1", "§3", "§4", "§4.5", "§5"} <= sections()


@pytest.mark.parametrize("needle", OUTSIDE)
def test_no_file_cites_a_path_outside_the_repository(needle):
    citing = [str(p.relative_to(ROOT)) for p in project_files() if needle in p.read_text()]
    assert citing == []


def test_every_citation_of_the_running_doc_names_a_section_it_has():
    known = sections()
    missing = [
        f"{path.relative_to(ROOT)}: {section}"
        for path in project_files()
        for section in CITATION.findall(path.read_text())
        if section not in known
    ]
    assert missing == []
