import time

from messages import keys, tuning


def test_batch_jobs_see_a_change_from_another_machine_within_a_second_and_their_own_at_once(redis):
    assert tuning.recent(redis).multicast_rate == tuning.Tuning().multicast_rate
    redis.hset(keys.SETTINGS, "multicast_rate", "100/second")             # another machine's change
    assert tuning.recent(redis).multicast_rate == tuning.Tuning().multicast_rate
    time.sleep(tuning.RECENT_SECONDS)
    assert tuning.recent(redis).multicast_rate == "100/second"
    tuning.save(redis, multicast_rate="50/second")
    assert tuning.recent(redis).multicast_rate == "50/second"
