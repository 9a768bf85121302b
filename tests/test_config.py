"""Configuration: discovery, validation with file/line/path errors, layering, profiles, --print-config."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import EXAMPLES, CliRun
from validator.config import PROFILES_PATH, SCHEMA_PATH, CommandLine, resolve
from validator.errors import ConfigError
from validator.ruleset import load_ruleset

DEFICIENT = str(EXAMPLES / "deficient.txt")
COMPLIANT = str(EXAMPLES / "compliant.txt")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory two levels below the configuration file."""
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    return tmp_path


def test_yaml_config_is_found_walking_up(project: Path, cli_run: CliRun) -> None:
    (project / ".fazhi-lint.yaml").write_text("fail-on: never\n", encoding="utf-8")
    assert cli_run("check", DEFICIENT)[0] == 0
    assert cli_run("check", DEFICIENT, "--fail-on", "error")[0] == 1  # the command line wins


def test_pyproject_table_is_found_and_plain_pyproject_is_passed_over(project: Path,
                                                                     cli_run: CliRun) -> None:
    (project / "pyproject.toml").write_text('[tool.fazhi-lint]\nfail-under = 90\n', encoding="utf-8")
    (project / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    settings = resolve(CommandLine())
    assert settings.config_file == str(project / "pyproject.toml")
    assert settings.fail_under[0] == 90.0
    assert cli_run("check", DEFICIENT, "--fail-on", "never")[0] == 1  # the deficient example scores far below 90


def test_nearest_wins_and_yaml_beats_pyproject(project: Path) -> None:
    (project / ".fazhi-lint.yaml").write_text("fail-on: info\n", encoding="utf-8")
    (project / "a" / ".fazhi-lint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    (project / "a" / "pyproject.toml").write_text('[tool.fazhi-lint]\nfail-on = "never"\n', encoding="utf-8")
    assert resolve(CommandLine()).fail_on[0] == "warning"


def test_explicit_config_file(tmp_path: Path, cli_run: CliRun,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "elsewhere.yaml"
    config.write_text("disable: [report.first-responsible, report.deadline, decision.comment-period]\n",
                      encoding="utf-8")
    assert cli_run("check", DEFICIENT, "--config", str(config))[0] == 0
    code, _, err = cli_run("check", DEFICIENT, "--config", str(tmp_path / "missing.yaml"))
    assert code == 2 and "missing.yaml" in err


def test_bad_key_exits_2_naming_key_file_and_line(project: Path, cli_run: CliRun) -> None:
    config = project / ".fazhi-lint.yaml"
    config.write_text("profile: strict\nfial-on: warning\n", encoding="utf-8")
    code, out, err = cli_run("check", DEFICIENT)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert f"{config}:2: ==> At key: fial-on: 未知的配置项 'fial-on'" in err
    assert "是否要找：fail-on" in err


def test_bad_key_in_pyproject_names_table_and_line(project: Path, cli_run: CliRun) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.fazhi-lint]\nfail-on = "error"\n'
                                            'severity = {"report.measures" = "fatal"}\n', encoding="utf-8")
    code, _, err = cli_run("check", DEFICIENT)
    assert code == 2
    assert "pyproject.toml [tool.fazhi-lint]:6: ==> At key: severity ==> At key: report.measures" in err
    assert "'fatal'" in err


def test_bad_value_names_its_path(project: Path, cli_run: CliRun) -> None:
    (project / ".fazhi-lint.yaml").write_text("ignore:\n  - path: '*.pdf'\n    rules: [report.deadline]\n",
                                              encoding="utf-8")
    code, _, err = cli_run("check", DEFICIENT)
    assert code == 2 and "==> At key: ignore ==> At index 0" in err and "reason" in err


def test_unknown_rule_id_is_an_error_with_a_suggestion(project: Path, cli_run: CliRun) -> None:
    config = project / ".fazhi-lint.yaml"
    config.write_text("weight:\n  report.measures: 20\n  report.measure: 5\n", encoding="utf-8")
    code, _, err = cli_run("check", DEFICIENT)
    assert code == 2
    assert f"{config}:3: ==> At key: weight ==> At key: report.measure: 未知的规则 'report.measure'" in err
    assert "是否要找：report.measures" in err


def test_yaml_syntax_error(project: Path, cli_run: CliRun) -> None:
    (project / ".fazhi-lint.yaml").write_text("disable: [unclosed\n", encoding="utf-8")
    code, _, err = cli_run("check", DEFICIENT)
    assert code == 2 and ".fazhi-lint.yaml:2:" in err and "YAML" in err


def test_overrides_change_severity_weight_and_enablement(project: Path, cli_run: CliRun) -> None:
    (project / ".fazhi-lint.yaml").write_text(
        "severity: {decision.comment-period: info, report.first-responsible: warning, report.deadline: info}\n"
        "weight: {report.measures: 30}\n"
        "disable: [decision.procedures]\n", encoding="utf-8")
    code, out, _ = cli_run("check", DEFICIENT, "--format", "json")
    data = json.loads(out)
    assert code == 0  # no error-severity finding is left
    severities = {f["rule"]: f["severity"] for f in data["files"][0]["findings"]}
    assert severities["decision.comment-period"] == "info"  # its per-problem "error" level is overridden too
    assert severities["report.first-responsible"] == "warning"
    assert "decision.procedures" not in {c["rule"] for c in data["files"][0]["checklist"]}
    assert {r["id"]: r["weight"] for r in data["rules"]}["report.measures"] == 30


def test_extra_rule_files_are_relative_to_the_config(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "local").mkdir()
    (project / "local" / "extra.yaml").write_text(
        "version: 1\nsections:\n  - kind: plan\n    headings: ['努力方向']\n", encoding="utf-8")
    (project / ".fazhi-lint.yaml").write_text("rules: [local]\n", encoding="utf-8")
    settings = resolve(CommandLine())
    assert settings.rule_paths() == [str(project.resolve() / "local")]
    assert any(f.endswith("extra.yaml") for f in settings.build_ruleset().files)


def test_profiles_are_valid_and_match_the_schema_enum() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    profiles = yaml.safe_load(PROFILES_PATH.read_text(encoding="utf-8"))["profiles"]
    assert set(schema["properties"]["profile"]["enum"]) == set(profiles)
    known = {r.id for r in load_ruleset().rules}
    for name, preset in profiles.items():
        body = {k: v for k, v in preset.items() if k != "description"}
        jsonschema.validate(body, schema)
        named = set(body.get("disable", [])) | set(body.get("enable", [])) | set(body.get("severity", {}))
        assert named <= known, name
        assert preset["description"]


def test_profile_department_and_strict(project: Path, cli_run: CliRun) -> None:
    code, out, _ = cli_run("check", DEFICIENT, "--profile", "department", "--format", "json")
    data = json.loads(out)["files"][0]
    assert "decision.directory" not in {c["rule"] for c in data["checklist"]}
    assert {f["severity"] for f in data["findings"] if f["rule"].startswith("decision.")} == {"info"}
    assert code == 1  # the report's own errors (first-responsible, deadline) remain
    (project / "r.txt").write_text(Path(COMPLIANT).read_text(encoding="utf-8").replace("究其原因，", "")
                                   .replace("原因在于", "在于").replace("存在的不足和原因", "存在的不足"),
                                   encoding="utf-8")
    assert cli_run("check", str(project / "r.txt"))[0] == 0
    assert cli_run("check", str(project / "r.txt"), "--profile", "strict")[0] == 1


def test_file_keys_apply_over_the_profile(project: Path) -> None:
    (project / ".fazhi-lint.yaml").write_text(
        "profile: department\nenable: [decision.directory]\nseverity: {decision.procedures: warning}\n",
        encoding="utf-8")
    settings = resolve(CommandLine())
    ruleset = settings.build_ruleset()
    directory, procedures = ruleset.get("decision.directory"), ruleset.get("decision.procedures")
    assert directory is not None and directory.enabled
    assert procedures is not None and procedures.severity == "warning"


def test_unknown_profile(project: Path) -> None:
    with pytest.raises(ConfigError, match="未知的配置方案 'county'"):
        resolve(CommandLine(profile="county"))


def test_print_config_shows_each_value_and_its_source(project: Path, cli_run: CliRun) -> None:
    config = project / ".fazhi-lint.yaml"
    config.write_text("profile: department\nfail-on: warning\nweight: {report.measures: 20}\n"
                      "ignore:\n  - path: scans/*.pdf\n    reason: 扫描件\n", encoding="utf-8")
    code, out, _ = cli_run("check", "--print-config", "--fail-under", "60")
    assert code == 0
    lines = out.splitlines()
    assert f"# 配置文件：{config}" in lines
    assert f'profile: "department"  # {config}' in lines
    assert f'fail-on: "warning"  # {config}' in lines
    assert "fail-under: 60.0  # 命令行" in lines
    assert '  - "decision.directory"  # 配置方案 department' in lines
    assert f'  "report.measures": 20.0  # {config}' in lines
    assert f'  - path: "scans/*.pdf"  # {config}' in lines
    assert yaml.safe_load(out)["severity"]["decision.procedures"] == "info"  # the output is YAML


def test_print_config_without_a_file_shows_defaults(project: Path, cli_run: CliRun) -> None:
    code, out, _ = cli_run("summary", "--print-config")
    assert code == 0
    assert 'fail-on: "error"  # 默认' in out and "未找到" in out


def test_check_without_paths_is_a_usage_error(project: Path, cli_run: CliRun) -> None:
    code, _, err = cli_run("check")
    assert code == 2 and "请给出要检查的文件" in err
