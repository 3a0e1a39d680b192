-- Rotates through kinds of search: a common word, two words, a phrase, a title word, a prefix.
local queries = {"consent", "harvest+silence", "%22sticky+notes%22", "Lantern", "facilit*",
                 "retrospective+-kitchen"}
local n = 0
function request()
  n = n + 1
  return wrk.format("GET", "/-/search?q=" .. queries[n % #queries + 1])
end
