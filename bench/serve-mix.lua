-- A mix of API and dashboard reads for bench/serve.sh: one Bearer token
-- (env TOKEN), random people ids, round-robin over the paths. MIX=inbox
-- keeps only the inbox and person endpoints (API and pages), the ones the
-- issue's latency target names; MIX=inbox-api the same without the
-- dashboard's inbox page.
local token = os.getenv("TOKEN")
local paths = {
  "/api/people?limit=50",
  "/api/people?stage=fan&limit=50",
  "/api/people?label=true_fan&sort=lifetime_value&limit=50",
  "/api/people?sort=name&limit=50&offset=5000",
  "/api/inbox?limit=50",
  "/api/ladder",
  "/api/report",
  "PERSON",
  "INTERACTIONS",
  "/",
  "/ladder",
  "/report",
  "PAGE",
}
if os.getenv("MIX") == "inbox" then
  paths = { "/api/inbox?limit=50", "PERSON", "INTERACTIONS", "/", "PAGE" }
elseif os.getenv("MIX") == "inbox-api" then
  -- the same without the dashboard's inbox page (its folded stock phrases
  -- cost ~1 s per view at 1M interactions)
  paths = { "/api/inbox?limit=50", "PERSON", "INTERACTIONS", "PAGE" }
end
local n = 0
math.randomseed(os.time())
request = function()
  n = n + 1
  local p = paths[(n % #paths) + 1]
  -- The generated shop's own accounts come first (ids 1-8): not people.
  local id = math.random(10, tonumber(os.getenv("PEOPLE") or "1000000"))
  if p == "PERSON" then p = "/api/people/" .. id
  elseif p == "INTERACTIONS" then p = "/api/people/" .. id .. "/interactions"
  elseif p == "PAGE" then p = "/people/" .. id end
  return wrk.format("GET", p, { ["Authorization"] = "Bearer " .. token })
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors: connect %d read %d status %d timeout %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.status, summary.errors.timeout))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%s %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end
