"""Access-log lines as a server writes them (combined format + request time + cache status), and the
user agents the tests send: shared by the delivery and document tests."""

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.0 Mobile/15E148 Safari/604.1")
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def line(ip, time, request, status, size, agent=CHROME, referrer="-", request_time="0.010", cache="HIT"):
    return f'{ip} - - [{time}] "{request}" {status} {size} "{referrer}" "{agent}" {request_time} {cache}\n'
