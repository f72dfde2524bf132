-- Picks each request at random from the lines of $BENCH_URLS: "path" or "path<TAB>cookie".
-- At the end prints one line of JSON that bench/run.py reads.
local lines = {}

init = function(args)
  for line in io.lines(os.getenv("BENCH_URLS")) do
    lines[#lines + 1] = line
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

request = function()
  local line = lines[math.random(#lines)]
  local tab = line:find("\t", 1, true)
  if tab then
    return wrk.format("GET", line:sub(1, tab - 1), { Cookie = line:sub(tab + 1) })
  end
  return wrk.format("GET", line)
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "non_2xx": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
