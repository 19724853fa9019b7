dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
local path = "/api/v1/records/deal?filter=stage%20%3D%20%27proposal%27%20and%20amount%20%3E%205000&sort=-amount&limit=50"
request = function() return wrk.format("GET", path) end
