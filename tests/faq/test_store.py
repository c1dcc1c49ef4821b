import threading

import numpy as np

from bot.faq import keys, store
from bot.faq.engine import Engine
from bot.faq.model import Faq


def test_a_stored_set_loads_in_file_order(redis, stored_faqs, sample_faqs):
    loaded = store.load(redis)
    assert loaded.version == stored_faqs
    assert loaded.faqs == sample_faqs
    assert store.get_faq(redis, "hazard").question == "ハザードマップはどこで見られますか？"
    assert store.meta(redis)["count"] == str(len(sample_faqs))


def test_nothing_is_loaded_before_the_first_import(redis):
    assert store.load(redis) is None
    assert Engine().ask(redis, "ごみの日").verdict == "none"


def test_reimport_switches_the_pointer_and_expires_the_old_version(redis, stored_faqs, now):
    new = [Faq("n1", "犬の登録はどこでしますか？", "環境課で登録してください。")]
    version = store.replace_all(redis, new, at=now)
    assert store.current_version(redis) == version != stored_faqs
    assert store.load(redis).faqs == new
    old_key = keys.VERSION_FAQS.format(version=stored_faqs)
    assert 0 < redis.ttl(old_key) <= keys.OLD_VERSION_TTL
    assert store.load(redis, stored_faqs).faqs[0].id == "gomi-sodai"


def test_answering_keeps_working_while_sets_are_replaced(redis, stored_faqs, sample_faqs, now):
    engine, failures, done = Engine(), [], threading.Event()

    def ask_repeatedly():
        while not done.is_set():
            found = engine.ask(redis, "粗大ゴミの出し方")
            if found.best is None or found.best.id != "gomi-sodai":
                failures.append(found)

    asker = threading.Thread(target=ask_repeatedly)
    asker.start()
    for _ in range(5):
        store.replace_all(redis, sample_faqs, at=now)
    done.set()
    asker.join()
    assert failures == []


def test_the_engine_rebuilds_only_when_the_version_changes(redis, stored_faqs, now):
    engine = Engine()
    first = engine.index(redis)
    assert engine.index(redis) is first
    store.replace_all(redis, [Faq("n1", "犬の登録", "環境課で登録してください。")], at=now)
    assert engine.index(redis) is not first
    assert engine.ask(redis, "犬の登録をしたい").best.id == "n1"


def test_vectors_are_stored_per_faq_question_variant(redis, sample_faqs, now):
    vectors = {faq.id: np.full((1 + len(faq.aliases), 4), 0.5, dtype=np.float32) for faq in sample_faqs}
    store.replace_all(redis, sample_faqs, at=now, vectors=vectors, model="test")
    loaded = store.load(redis)
    assert loaded.vectors["gomi-sodai"].shape == (3, 4)
    assert np.allclose(loaded.vectors["hazard"], 0.5)
