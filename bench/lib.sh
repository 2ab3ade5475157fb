# Shared by the wrk benchmarks (bench/run-osb-bench.sh, bench/run-state-bench.sh); sourced from
# the repository root after the script has set WORK (a temporary folder), AUTH and VERSION (the
# headers every request carries) and HZ (clock ticks per second).

# ensure_wrk: installs wrk (Debian's package) when it is missing
ensure_wrk() {
  if ! command -v wrk >/dev/null 2>&1; then
    echo "wrk not found: installing it (apt-get install -y wrk)" >&2
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get install -y -q wrk >/dev/null \
      || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q wrk >/dev/null; }
  fi
}

# PIDS: the processes the script started; cleanup stops them and removes WORK on exit
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}

# wait_up <base> <tries>: waits (0.2 s a try) until the broker at base answers its catalog
wait_up() {
  for _ in $(seq 1 "$2"); do
    if curl -s -o /dev/null -H "$AUTH" -H "$VERSION" "$1/v2/catalog"; then return 0; fi
    sleep 0.2
  done
  echo "server at $1 did not start; logs:" >&2; cat "$WORK"/*.log >&2; exit 1
}

# check <status> <curl arguments...>: exits unless the request answers that status (body in
# WORK/body)
check() {
  local want=$1; shift
  local got; got=$(curl -s -o "$WORK/body" -w '%{http_code}' -H "$AUTH" -H "$VERSION" "$@")
  if [ "$got" != "$want" ]; then
    echo "sanity check failed: expected $want, got $got for: $*" >&2; cat "$WORK/body" >&2; exit 1
  fi
}

# WRK_PIDS: the wrk runs the script's start_wrk started; wait_wrk waits for them
WRK_PIDS=()
wait_wrk() {
  local pid
  for pid in "${WRK_PIDS[@]}"; do wait "$pid"; done
  WRK_PIDS=()
}

# rps <wrk output file> <name>: requests/s (warns on non-2xx answers)
rps() {
  local errors
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$1")
  if [ -n "$errors" ]; then echo "WARNING: $2: $errors non-2xx answers" >&2; fi
  awk '/^Requests\/sec:/ {print $2}' "$1"
}

# cpu_ticks <pid...>: user + system CPU time of processes, in clock ticks
cpu_ticks() {
  local total=0 pid t
  for pid in "$@"; do
    t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}

# requests <wrk output file>: the number of requests completed
requests() {
  awk '/requests in/ {print $1}' "$1"
}

# per_request <ticks> <wrk output file>: microseconds of CPU per request
per_request() {
  awk -v t="$1" -v n="$(requests "$2")" -v hz="$HZ" 'BEGIN {print 1e6 * t / hz / n}'
}
