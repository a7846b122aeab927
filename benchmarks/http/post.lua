-- POST /v1/videos for wrk: one small job per request, the bearer key from the environment.
-- Counts the answers by status, so a run that returned anything but 201 says so.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
wrk.body = '{"prompt": "A friendly presenter explains the quarterly figures in one minute.",'
  .. ' "metadata": {"run": "benchmark"}}'

-- A global, not a local: done() reads each thread's copy through thread:get, which sees globals.
counts = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  -- wrk's threads are separate Lua states; each thread's table is read through its handle.
  local total = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for status, n in pairs(c) do
      total[status] = (total[status] or 0) + n
    end
  end
  for status, n in pairs(total) do
    io.write(string.format("status %d %d\n", status, n))
  end
end
