"""The reproducibility signature (audit/signature.py): same setup, same line; any change shows."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from audit import __version__, signature
from audit.backtranslate import BacktranslateOptions
from audit.cli import app
from audit.config import parse_config

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "cnn-indonesia-haniyeh-egypt.txt"
runner = CliRunner()


def _run_json(tmp_path: Path, name: str, *extra: str) -> dict:
    out = tmp_path / name
    result = runner.invoke(app, ["run", str(SEED), "--format", "json", "--out", str(out),
                                 "--no-backtranslate", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


def test_every_report_carries_the_same_signature_for_the_same_setup(tmp_path):
    first, second = _run_json(tmp_path, "a.json"), _run_json(tmp_path, "b.json")
    sig = first["summary"]["signature"]
    assert sig == second["summary"]["signature"]
    parts = signature.parts(sig)
    assert parts["audit"] == __version__ and parts["bt"] == "off"
    assert list(parts) == ["audit", "detector", "config", "data", "bt"]
    for fmt, marker in (("text", "Signature:\n  "), ("markdown", "Signature: `"),
                        ("html", "signature <code>")):
        page = runner.invoke(app, ["report", str(tmp_path / "a.json"), "--format", fmt]).stdout
        assert marker + sig in page, fmt  # a re-render keeps the setup that made the report


def test_the_configuration_and_backtranslation_change_it(tmp_path):
    config = parse_config({})
    base = signature.compute(config, BacktranslateOptions(enabled=False), ["py3langid"])
    assert signature.compute(parse_config({"ignore": ["spacing"]}),
                             BacktranslateOptions(enabled=False), ["py3langid"]) != base
    with_bt = signature.compute(config, BacktranslateOptions(beam_size=4), ["py3langid"],
                                ["translate-en_id", "translate-id_en"])
    assert with_bt.endswith("|bt:translate-en_id,translate-id_en|beam:4")
    assert signature.differences(base, with_bt) == ["config", "bt", "beam"]


def test_every_data_file_is_hashed_including_new_ones(tmp_path):
    data = tmp_path / "data"
    (data / "languages").mkdir(parents=True)
    (data / "spacing.toml").write_text("a = 1\n", encoding="utf-8")
    before = signature.data_hash(data)
    (data / "languages" / "xx.toml").write_text("b = 2\n", encoding="utf-8")  # a new pack
    signature.data_hash.cache_clear()
    added = signature.data_hash(data)
    (data / "spacing.toml").write_text("a = 2\n", encoding="utf-8")  # an edited file
    signature.data_hash.cache_clear()
    assert len({before, added, signature.data_hash(data)}) == 3
    signature.data_hash.cache_clear()


def test_diff_warns_when_the_setups_differ(tmp_path):
    _run_json(tmp_path, "a.json")
    config = tmp_path / "audit.toml"
    config.write_text('ignore = ["spacing"]\n', encoding="utf-8")
    _run_json(tmp_path, "b.json", "--config", str(config))
    same = runner.invoke(app, ["diff", str(tmp_path / "a.json"), str(tmp_path / "a.json")])
    assert "different setups" not in same.output
    changed = runner.invoke(app, ["diff", str(tmp_path / "a.json"), str(tmp_path / "b.json"),
                                  "--format", "json"])
    assert changed.exit_code == 0
    assert "warning: the reports were made with different setups (config changed)" in \
        " ".join(changed.output.split())
    result = json.loads(changed.stdout)
    assert result["signatures"]["differ"] == ["config"]
