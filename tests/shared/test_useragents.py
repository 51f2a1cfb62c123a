"""User-Agent classification on real browser and bot strings."""

import pytest

from assets.shared.useragents import classify, user_agent_table

CASES = [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
     ("desktop", "Windows", "Chrome", False)),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
     ("desktop", "Mac OS X", "Safari", False)),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
     ("mobile", "iOS", "Mobile Safari", False)),
    ("Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
     ("tablet", "iOS", "Mobile Safari", False)),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
     ("mobile", "Android", "Chrome Mobile", False)),
    ("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
     ("tablet", "Android", "Chrome", False)),
    ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", ("bot", "Other", "Googlebot", True)),
    ("curl/8.5.0", ("bot", "Other", "curl", True)),
    (None, ("unknown", "Other", "Other", False)),
]


@pytest.mark.parametrize(("user_agent", "expected"), CASES)
def test_classify(user_agent, expected):
    assert classify(user_agent) == expected


def test_the_table_has_one_row_per_distinct_user_agent():
    table = user_agent_table(["curl/8.5.0", None, "curl/8.5.0"])
    assert table.to_dicts() == [
        {"user_agent": "curl/8.5.0", "device_type": "bot", "os": "Other", "browser": "curl", "is_bot": True}]
