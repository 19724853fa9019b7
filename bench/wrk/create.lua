dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"name":"Bench deal %d","amount":{"amount":%d,"currency":"EUR"},"stage":"proposal","close_date":"2027-01-15","probability":40,"owner":"bench","account_name":"Acme %d","email":"deal%d@example.com","notes":"created by wrk"}', n, 1000 + n % 9000, n % 500, n)
  return wrk.format("POST", "/api/v1/records/deal", nil, body)
end
