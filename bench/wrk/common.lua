-- Shared by the wrk scenarios: the API token, and ids of the preloaded rows (deterministic: row n has
-- id 00000000-0000-7000-8000-<n in 12 hex digits>, the same ids pgbench uses).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("ATRIUM_TOKEN")
wrk.headers["Content-Type"] = "application/json"
local rows = tonumber(os.getenv("BENCH_ROWS"))
function random_id() return string.format("00000000-0000-7000-8000-%012x", math.random(rows)) end
