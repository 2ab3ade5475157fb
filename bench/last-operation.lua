-- wrk script: GET /v2/service_instances/{id}/last_operation?operation={op} on an instance whose
-- asynchronous provision has finished or is held in progress (LAST_OP_PATH from the environment, set by
-- bench/run-state-bench.sh).
local path = os.getenv("LAST_OP_PATH")

function request()
  return wrk.format("GET", path)
end
