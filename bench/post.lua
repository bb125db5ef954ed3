-- wrk script: POST the stations GraphQL query as JSON (bench/run.py passes the body).
--   wrk -s bench/post.lua http://127.0.0.1:8000/graphql
-- The body comes from the BENCH_BODY environment variable; the default is the query
-- bench/run.py measures.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.body = os.getenv("BENCH_BODY")
  or '{"query":"{ stations(first: 35) { totalCount nodes { id name address isSample location { lat lng } district { name } amenities } } }"}'
local key = os.getenv("BENCH_AUTH")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end
-- A signed-in session (bench/run.py signs in a union staff account for the members targets).
local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
