-- The requests of one bench/run.py scenario, for wrk. Configured by environment variables:
--   BENCH_METHOD   GET or POST
--   BENCH_PATHS    space-separated paths, taken in turn from number BENCH_START (modulo
--                  their number): run with one thread, so every path is asked for once
--                  before any is asked for twice (wrk calls request() once more before the
--                  run, to check it: that path is skipped, not repeated)
--   BENCH_BODY     the request body (form-encoded), or empty
--   BENCH_HEADERS  one "Name: value" per line (cookies, CSRF token, HX-Request …)
-- done() prints one line, "BENCH-JSON {…}", that run.py reads: requests, duration, p50 and
-- p99 in microseconds, failed connections, the count of each HTTP status, and "next", where
-- the next run should start its walk.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  method = os.getenv("BENCH_METHOD") or "GET"
  body = os.getenv("BENCH_BODY")
  if body == "" then body = nil end
  headers = {}
  for line in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^\n]+") do
    local name, value = string.match(line, "^([^:]+):%s*(.*)$")
    headers[name] = value
  end
  paths = {}
  for path in string.gmatch(os.getenv("BENCH_PATHS") or "/", "%S+") do
    table.insert(paths, path)
  end
  walked = tonumber(os.getenv("BENCH_START") or "0")
  statuses = {}
end

function request()
  local path = paths[(walked % #paths) + 1]
  walked = walked + 1
  return wrk.format(method, path, headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  local next = 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + count
    end
    next = math.max(next, thread:get("walked"))
  end
  local parts = {}
  for status, count in pairs(counts) do
    table.insert(parts, string.format('"%d": %d', status, count))
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "duration_us": %d, "p50_us": %.0f, "p99_us": %.0f, ' ..
    '"failed": %d, "next": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout, next,
    table.concat(parts, ", ")))
end
