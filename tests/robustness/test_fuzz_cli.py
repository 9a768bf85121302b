"""The command line on generated files: exit 0, 1 or 3, JSON on stdout, never a traceback."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.robustness import strategies as gen
from validator import cli

inputs = st.one_of(
    st.tuples(st.just(".txt"), gen.encoded_text()),
    st.tuples(st.just(".md"), gen.encoded_text()),
    st.tuples(st.just(".docx"), st.one_of(gen.docx_files(), gen.mutated(gen.docx_files()))),
    st.tuples(st.just(".html"), gen.html_files),
    st.tuples(st.sampled_from([".txt", ".docx", ".pdf", ".html", ".doc"]), st.binary(max_size=500)),
)


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=gen.examples(40))
@given(files=st.lists(inputs, min_size=1, max_size=3))
def test_check_on_generated_files_exits_cleanly(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        paths = []
        for i, (suffix, data) in enumerate(files):
            path = Path(directory) / f"report{i}{suffix}"
            path.write_bytes(data)
            paths.append(str(path))
        code, out, err = run_cli("check", *paths, "--format", "json", "--no-pair")
    assert code in (0, 1, 3), err
    assert "Traceback" not in err and "内部错误" not in err, err
    result = json.loads(out)
    assert [f["path"] for f in result["files"]] == paths  # an unreadable file does not stop the others
    unreadable = [f for f in result["files"] if f["error"] is not None]
    assert (code == 3) == bool(unreadable)
    for f in unreadable:  # each said on one line of stderr
        assert f"fazhi-lint: {f['error']}" in err.splitlines()
