-- wrk script: PUT /v2/service_instances/{new id} with a sync-plan provision body.
-- Every request uses a new instance id: <RUN_ID>-<thread>-<counter> (RUN_ID from the environment,
-- so warm-up and measured runs never reuse an id).
local run = os.getenv("RUN_ID") or tostring(os.time())
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local counter = 0
local body = '{"service_id":"6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f60",'
  .. '"plan_id":"6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f61",'
  .. '"context":{"platform":"ibmcloud","account_id":"acct-bench",'
  .. '"crn":"crn:v1:bluemix:public:hello-kv:us-south:a/acct-bench:bench::"},'
  .. '"parameters":{"location":"us-south"}}'

-- Content-Type joins the -H headers (Authorization, X-Broker-API-Version) given to wrk.
wrk.headers["Content-Type"] = "application/json"

function request()
  counter = counter + 1
  local path = "/v2/service_instances/" .. run .. "-" .. tostring(tid) .. "-" .. counter
  return wrk.format("PUT", path, nil, body)
end
