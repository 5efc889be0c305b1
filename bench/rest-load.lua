-- wrk script of the REST scenario: BENCH_METHOD (GET), BENCH_BODY_BYTES (a body of that many
-- bytes, for uploads), BENCH_AUTH (an API key sent as x-api-key); prints the summary line
-- bench/run-wrk.ts reads.
wrk.method = os.getenv("BENCH_METHOD") or "GET"
local bytes = tonumber(os.getenv("BENCH_BODY_BYTES") or "0")
if bytes > 0 then
  wrk.body = string.rep("x", bytes)
  wrk.headers["Content-Type"] = "application/octet-stream"
end
local auth = os.getenv("BENCH_AUTH")
if auth ~= nil and auth ~= "" then
  wrk.headers["x-api-key"] = auth
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50Us":%.1f,"p99Us":%.1f,"maxUs":%.1f,"meanUs":%.1f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max, latency.mean))
end
