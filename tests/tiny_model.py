"""Build a small but *valid* Argos Translate package (``.argosmodel``) at test time.

The package is real in every way that matters to audit: a SentencePiece model trained on
real corpus sentences, a CTranslate2 Transformer saved with ``ctranslate2.specs``, a
``metadata.json`` and the zip layout ``argostranslate.package.install_from_path`` expects.
Only the weights are random, so translations are nonsense; tests assert on structure and
behaviour, never on quality. Also used by ``benchmarks/backtranslate.py`` (``size="base"``
gives a model with the shape of Argos' real ones, for a realistic compute profile).
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
import zlib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT.parent / "shared" / "data" / "indonesian-mt-news"

# Used only when the shared corpus is not next to the repository.
_FALLBACK = [
    "The president met the governor of West Java in Jakarta on Monday.",
    "Presiden bertemu gubernur Jawa Barat di Jakarta pada hari Senin.",
    "Police said three people were injured in the accident.",
    "Polisi mengatakan tiga orang terluka dalam kecelakaan itu.",
    "The ministry will announce the new regulation next week.",
    "Kementerian akan mengumumkan peraturan baru pekan depan.",
    "Floods hit several districts after heavy rain overnight.",
    "Banjir melanda beberapa kecamatan setelah hujan deras semalam.",
]

SIZES = {
    # name: (layers, heads, d_model, ffn, vocab)
    "tiny": (1, 2, 32, 64, 500),
    "base": (6, 8, 512, 2048, 8000),
}


def corpus_lines(limit: int = 300) -> list[str]:
    """English and Indonesian sentences to train the tokenizer on."""
    lines: list[str] = []
    for name in ("news_valid.en", "news_valid.id"):
        path = DATA_DIR / name
        if path.is_file():
            lines += path.read_text(encoding="utf-8").splitlines()[:limit]
    return lines or _FALLBACK * 20


def build_argosmodel(from_code: str, to_code: str, out_dir: Path, *, size: str = "tiny",
                     version: str = "0.1", seed: int | None = None) -> Path:
    """Write ``translate-{from}_{to}.argosmodel`` into ``out_dir`` and return its path."""
    import numpy as np
    import sentencepiece as spm
    from ctranslate2.specs import model_spec, transformer_spec

    layers, heads, d, ff, vocab_size = SIZES[size]
    code = f"translate-{from_code}_{to_code}"
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="tiny-argos-", dir=out_dir))
    try:
        pkg = work / f"{code}-{size}"
        (pkg / "model").mkdir(parents=True)

        proto = io.BytesIO()
        lines = corpus_lines(3000 if size == "base" else 300)
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(lines), model_writer=proto, vocab_size=vocab_size,
            model_type="unigram", character_coverage=1.0, hard_vocab_limit=False,
            minloglevel=2)
        (pkg / "sentencepiece.model").write_bytes(proto.getvalue())
        sp = spm.SentencePieceProcessor(model_proto=proto.getvalue())
        vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
        n_vocab = len(vocab)

        spec = transformer_spec.TransformerSpec.from_config((layers, layers), heads)
        rng = np.random.default_rng(seed if seed is not None
                                    else zlib.crc32(f"{from_code}>{to_code}".encode()))

        def shape_of(name: str) -> tuple[int, ...]:
            if "embeddings" in name or "projection" in name:
                return (n_vocab, d)
            if "ffn/linear_0" in name:
                return (ff, d)
            if "ffn/linear_1" in name:
                return (d, ff)
            if "self_attention/linear_0" in name:
                return (3 * d, d)
            if "attention/linear_1" in name and "self_attention" not in name:
                return (2 * d, d)  # encoder-decoder attention: fused key/value
            return (d, d)

        def fill(spec_node, name: str, value) -> None:
            if value is not None:
                return
            attr = name.split("/")[-1]
            if attr == "gamma":
                array = np.ones(d)
            elif attr == "beta":
                array = np.zeros(d)
            elif attr == "weight":
                array = rng.normal(0.0, 0.3 if size == "tiny" else 0.05, shape_of(name))
            elif attr == "bias":
                array = np.zeros(shape_of(name.rsplit("/", 1)[0] + "/weight")[0])
            else:
                raise ValueError(f"unexpected parameter {name}")
            setattr(spec_node, attr, array.astype(np.float32))

        model_spec.visit_spec(spec, fill)
        spec.register_source_vocabulary(vocab)
        spec.register_target_vocabulary(vocab)
        spec.validate()
        spec.optimize(quantization="int8" if size == "base" else "float32")
        spec.save(str(pkg / "model"))

        metadata = {
            "package_version": version, "argos_version": "1.11", "type": "translate",
            "code": code, "from_code": from_code, "from_name": from_code.upper(),
            "to_code": to_code, "to_name": to_code.upper(),
        }
        (pkg / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        (pkg / "README.md").write_text(f"Random-weight test model {from_code}->{to_code}.\n")

        target = out_dir / f"{code}.argosmodel"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(pkg.rglob("*")):
                archive.write(path, path.relative_to(work))
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)
