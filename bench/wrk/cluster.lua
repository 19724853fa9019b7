-- Load through the balancer for bench/cluster.sh. CLUSTER_MIX=writes: creates only; otherwise every other
-- request lists. Each create carries a unique Idempotency-Key, which is also stored in the record's "key":
-- a retry by the balancer after a node died answers the record created the first time.
-- Each thread writes "<id> <key>" of every acknowledged create (2xx) to acked-<thread>.txt, and the
-- status of every answer that was not 2xx to failed-<thread>.txt, under CLUSTER_OUT.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("ATRIUM_TOKEN")
wrk.headers["Content-Type"] = "application/json"
local counter = 1
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

function init(args)
  n = 0
  acked = io.open(os.getenv("CLUSTER_OUT") .. "/acked-" .. tid .. ".txt", "w")
  acked:setvbuf("line")
  failed = io.open(os.getenv("CLUSTER_OUT") .. "/failed-" .. tid .. ".txt", "w")
  failed:setvbuf("line")
  writes_only = os.getenv("CLUSTER_MIX") == "writes"
  run = os.getenv("CLUSTER_RUN")
end

request = function()
  n = n + 1
  if writes_only or n % 2 == 0 then
    local key = string.format("%s-%d-%d", run, tid, n)
    -- wrk.format takes these headers instead of wrk.headers, not on top of them
    local headers = {["Idempotency-Key"] = key}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    return wrk.format("POST", "/api/v1/records/tick", headers, '{"key":"' .. key .. '"}')
  end
  return wrk.format("GET", "/api/v1/records/tick?limit=20&sort=-created_at", nil, nil)
end

response = function(status, headers, body)
  if status >= 200 and status < 300 then
    if body:sub(1, 8) ~= '{"data":' then
      local id = body:match('"id":"([0-9a-f%-]+)"')
      local key = body:match('"key":"([^"]+)"')
      if id and key then acked:write(id, " ", key, "\n") end
    end
  else
    failed:write(status, "\n")
  end
end
