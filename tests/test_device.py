"""--device auto|cpu|cuda: CUDA through CTranslate2 when there is a GPU, a clear refusal
when there is none, and the CPU as auto's fallback. This machine has no GPU, so the GPU
branch is checked with CTranslate2's two device queries answering as a GPU machine would."""

from __future__ import annotations

import ctranslate2
import pytest

from tiny_model import build_argosmodel

from audit.backtranslate import BacktranslateOptions, Backtranslator
from audit.backtranslate import device as devices
from audit.backtranslate import models as store
from audit.backtranslate.device import DeviceError, resolve_device
from audit.config import ConfigError
from audit.model import Article, ArticleReport, Language, Origin


def test_no_gpu_here_auto_falls_back_to_the_cpu_and_cuda_is_refused():
    assert ctranslate2.get_cuda_device_count() == 0  # the premise of this test
    auto = resolve_device("auto")
    assert (auto.name, auto.requested) == ("cpu", "auto")
    assert auto.compute_type in ctranslate2.get_supported_compute_types("cpu")
    assert auto.describe() == f"cpu ({auto.compute_type}; auto: no CUDA device)"
    assert resolve_device("cpu").describe() == f"cpu ({auto.compute_type})"
    with pytest.raises(DeviceError, match=r"--device cuda: CTranslate2 sees no CUDA device"):
        resolve_device("cuda")
    with pytest.raises(DeviceError, match="unknown device 'tpu'"):
        resolve_device("tpu")


def test_gpu_machine_gets_cuda_with_a_gpu_compute_type(monkeypatch):
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 2)
    supported = {"cuda": {"float32", "float16", "int8_float16", "int8"},
                 "cpu": {"int8", "float32"}}
    monkeypatch.setattr(ctranslate2, "get_supported_compute_types",
                        lambda device, device_index=0: supported[device])
    for requested in ("auto", "cuda"):
        chosen = resolve_device(requested)
        assert (chosen.name, chosen.compute_type, chosen.cuda_devices) == \
            ("cuda", "int8_float16", 2)
    assert resolve_device("auto").describe() == "cuda (int8_float16; auto: 2 CUDA device(s))"
    assert resolve_device("cpu").name == "cpu"  # asked for, even with a GPU there
    supported["cuda"] = {"float32", "float16"}  # an older GPU: no int8
    assert resolve_device("cuda").compute_type == "float16"


def test_broken_cuda_install_counts_as_no_gpu(monkeypatch):
    def broken():
        raise RuntimeError("CUDA driver version is insufficient for CUDA runtime version")

    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", broken)
    assert devices.cuda_device_count() == 0
    assert resolve_device("auto").name == "cpu"


def test_config_device_is_validated():
    assert BacktranslateOptions.from_config({"device": "cpu"}).device == "cpu"
    assert BacktranslateOptions().device == "auto"
    with pytest.raises(ConfigError, match=r'device must be one of "auto", "cpu", "cuda"'):
        BacktranslateOptions.from_config({"device": "gpu"})


def test_cuda_without_gpu_is_an_error_record_where_no_cli_checked_it(tmp_path):
    """A pipeline run (as on a cluster worker) with --device cuda and no GPU: every article
    gets an error record that says why, nothing raises, and the CPU is not used silently."""
    for pair in [("en", "id"), ("id", "en")]:
        store.install_archive(build_argosmodel(*pair, tmp_path / "dist"), tmp_path / "models")
    text = "Police said three people were injured in the accident."
    article = Article(id="a", source="a.txt", text=text)
    report = ArticleReport(id="a", source="a.txt", title=None, text=text,
                           language=Language("en", 0.99), origin_language=Origin("id", 0.9))
    backtranslator = Backtranslator(BacktranslateOptions(models_dir=tmp_path / "models",
                                                         use_cache=False, device="cuda"))
    backtranslator.process([(article, report)])
    backtranslator.close()
    assert report.backtranslation.status == "error"
    assert "--device cuda: CTranslate2 sees no CUDA device" in report.backtranslation.reason
