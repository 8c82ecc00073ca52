-- wrk script of the bench: optional method/body/headers from the environment, and at the end a JSON file with the
-- counts, the errors and the whole latency histogram (microseconds), so rounds can be merged exactly.
local method = os.getenv("BENCH_METHOD")
local body_file = os.getenv("BENCH_BODY_FILE")
local headers = os.getenv("BENCH_HEADERS")  -- "Name: value\nName: value"
if method then wrk.method = method end
if body_file then
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
end
if headers then
  for line in headers:gmatch("[^\n]+") do
    local name, value = line:match("^([^:]+):%s*(.*)$")
    if name then wrk.headers[name] = value end
  end
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("BENCH_RESULT"), "w"))
  local e = summary.errors
  out:write(string.format('{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
                          '"status": %d, "timeout": %d, "histogram": [',
                          summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout))
  for i = 1, #latency do
    local value, count = latency(i)
    if i > 1 then out:write(",") end
    out:write(string.format("[%d,%d]", value, count))
  end
  out:write("]}\n")
  out:close()
end
