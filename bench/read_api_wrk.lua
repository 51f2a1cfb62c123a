-- wrk script for bench/read_api.py: GETs the paths listed in the file named by PATHS, one after
-- another (each wrk thread starting at its own offset), with the bearer token in TOKEN, and prints
-- a JSON summary (p50/p95/p99 in ms) at the end.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do table.insert(paths, line) end
local counter = 0
local offset = 0
local started = 0

function setup(thread)
  started = started + 1
  thread:set("offset", started * 7919)
end

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
  counter = offset or 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "non_2xx": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "timeouts": %d, "p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
