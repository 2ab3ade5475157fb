# Shared by the benchmark scripts (bench/run-osb-bench.sh, bench/run-state-bench.sh,
# bench/run-state-floor.sh, bench/run-instance-footprint.sh, bench/run-provision-profile.sh,
# bench/run-provision-allocation.sh);
# sourced from the repository root.
# The wrk helpers need WORK (a temporary folder), AUTH and VERSION (the headers every request
# carries) and HZ (clock ticks per second) set by the script first.

# ensure_command <command> <Debian package>: installs the package when the command is missing
ensure_command() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "$1 not found: installing it (apt-get install -y $2)" >&2
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get install -y -q "$2" >/dev/null \
      || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q "$2" >/dev/null; }
  fi
}

# ensure_wrk: installs wrk (Debian's package) when it is missing
ensure_wrk() {
  ensure_command wrk wrk
}

# build_benchmarks_jar: builds benchmarks/target/benchmarks.jar afresh, unless SKIP_BUILD=1 and
# it exists
build_benchmarks_jar() {
  local jar=benchmarks/target/benchmarks.jar
  if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$jar" ]; then
    rm -f "$jar"   # re-shading over an old shaded jar keeps old classes
    mvn -q -o -DskipTests package -pl benchmarks -am
  fi
}

# start_bench_database: starts benchmarks' BenchDatabase in the background (its settings PG_PORT,
# PG_DATA, PG_SYNCHRONOUS_COMMIT, PG_MIGRATE from the environment; log WORK/db.log), adds it to
# PIDS and waits until PostgreSQL accepts connections; sets JDBC_URL and PG_VERSION
start_bench_database() {
  java -Xmx128m -cp benchmarks/target/benchmarks.jar io.github.osbsdk.benchmarks.state.BenchDatabase \
    >"$WORK/db.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do
    grep -q '^JDBC_URL=' "$WORK/db.log" && break
    sleep 0.2
  done
  JDBC_URL=$(sed -n 's/^JDBC_URL=//p' "$WORK/db.log")
  [ -n "$JDBC_URL" ] || { echo "PostgreSQL did not start:" >&2; cat "$WORK/db.log" >&2; exit 1; }
  PG_VERSION=$(grep -o 'PostgreSQL [0-9.]*' "$WORK/db.log" | head -1 || true)
}

# port_in_use <port>: whether something on this machine accepts connections on 127.0.0.1:<port>
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# PICKED_PORTS: the ports pick_port chose so far (never handed out twice in one run)
PICKED_PORTS=()

# pick_port <variable>: settles the port in <variable>. A port given there must be free (the
# script stops, saying so, when it is taken: on a shared machine another server there would
# answer the benchmark's requests); an empty one gets a free port picked at random in
# 20000-59999.
pick_port() {
  local name=$1 port=${!1:-} try
  if [ -n "$port" ]; then
    if port_in_use "$port"; then
      echo "$name=$port is taken (another server listens on 127.0.0.1:$port): choose a free" \
        "port, or leave $name unset to have one picked" >&2
      exit 1
    fi
  else
    for try in $(seq 1 200); do
      port=$((20000 + RANDOM % 40000))
      if [[ " ${PICKED_PORTS[*]} " != *" $port "* ]] && ! port_in_use "$port"; then break; fi
      port=""
    done
    [ -n "$port" ] || { echo "no free port found for $name" >&2; exit 1; }
  fi
  PICKED_PORTS+=("$port")
  printf -v "$name" '%s' "$port"
}

# require_alive <pid> <name>: stops the script when the process has exited (say, its port was
# taken meanwhile), so that nobody else's server is measured in its place
require_alive() {
  if ! kill -0 "$1" 2>/dev/null; then
    echo "$2 (pid $1) exited; its log:" >&2; cat "$WORK/$2.log" >&2 || true; exit 1
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
