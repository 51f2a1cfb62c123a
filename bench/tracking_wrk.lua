-- wrk script for bench/tracking.py: POSTs usage events with unique event ids, `batch` per request
-- (wrk.batch, set from the BATCH environment variable), and prints a JSON summary at the end.
local batch = tonumber(os.getenv("BATCH") or "1")
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local events = {}
  for n = 1, batch do
    counter = counter + 1
    events[n] = string.format('{"eventId":"w%d-%d","mediaId":"m%d","eventType":"view","sessionId":"s%d"}',
                              tid, counter, counter % 100, counter % 1000)
  end
  local body = batch == 1 and events[1] or ("[" .. table.concat(events, ",") .. "]")
  return wrk.format(nil, "/api/analytics/media/track", nil, body)
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "non_2xx": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "timeouts": %d, "p50_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
