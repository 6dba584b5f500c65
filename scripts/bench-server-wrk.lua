-- wrk script for scripts/bench-server-wrk.sh: POSTs one picture to /v1/recognize with a key, and counts
-- every answer that is not a 200 naming the expected person (wrk itself counts only non-2xx statuses).
local picture = assert(os.getenv("PICTURE"), "PICTURE is not set")
local file = assert(io.open(picture, "rb"))
local body = file:read("*a")
file:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "image/jpeg"
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("KEY"), "KEY is not set")

local expected = '"name":"' .. assert(os.getenv("EXPECT"), "EXPECT is not set") .. '"'
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  wrong = 0
end

function response(status, headers, answer)
  if status ~= 200 or not string.find(answer, expected, 1, true) then
    wrong = wrong + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("wrong")
  end
  io.write(string.format("requests %d in %.1f s: %.2f req/s; p50 %.0f ms, p99 %.0f ms; wrong answers %d, socket errors %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
