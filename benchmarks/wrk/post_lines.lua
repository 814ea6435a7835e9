-- wrk script: POSTs the JSON bodies of BODIES_FILE (one per line) in turn,
-- with the API key of BB_API_KEY. With PACE_MS set, each connection waits
-- that long between requests (wrk's delay(): the latency excludes it), so
-- `connections / (PACE_MS + latency)` fixes the offered rate.
local bodies = {}
local i = 0
local pace = tonumber(os.getenv("PACE_MS") or "0")

function init(args)
  for line in io.lines(os.getenv("BODIES_FILE")) do
    bodies[#bodies + 1] = line
  end
  i = math.random(#bodies)
end

function request()
  i = i % #bodies + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json",
                                  ["X-API-Key"] = os.getenv("BB_API_KEY")}, bodies[i])
end

if pace > 0 then
  function delay()
    return pace
  end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests/s %.0f p50_ms %.3f p90_ms %.3f p99_ms %.3f max_ms %.3f errors %d non2xx %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
