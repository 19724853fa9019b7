dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
local n = 0
request = function()
  n = n + 1
  return wrk.format("PATCH", "/api/v1/records/deal/" .. random_id(), nil, string.format('{"probability":%d,"notes":"updated %d"}', n % 100, n))
end
