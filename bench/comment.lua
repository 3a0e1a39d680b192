-- People commenting, each comment on another page's discussion (from the generator's names
-- file), with the benchmark user's session and a CSRF token. The server runs with a comment
-- limit high enough that the throttle never answers (see load.sh).
local names = {}
for line in io.lines(os.getenv("BENCH_NAMES")) do
  local name = line:match("^(%S+) %d+$")
  names[#names + 1] = name
end
local csrf = os.getenv("BENCH_CSRF")
local threads = 0

function setup(thread)
  thread:set("first", threads)
  threads = threads + 1
end

local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local text = encode([==[
We ran this with **forty** people in the barn: the [[Bench method]] worked, but the second
round needed more time. Next time: smaller circles, and a clock everyone can see.
]==])

local n = 0
function request()
  local index = (n * 2 + first) % #names + 1
  n = n + 1
  local body = "csrf=" .. csrf .. "&body=" .. text
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
  for k, v in pairs(wrk.headers) do headers[k] = v end
  return wrk.format("POST", names[index] .. "/discussion", headers, body)
end
