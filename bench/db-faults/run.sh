#!/usr/bin/env bash
# Database fault drill on two replicas of samples/hello-broker sharing one PostgreSQL.
#
# Run from the repository root, as root (pg_ctl runs as user postgres), after
#   mvn -q -B -pl samples/hello-broker -am -DskipTests -DskipFuzz package -Dmaven.install.skip=true
# and with a PostgreSQL cluster of your own whose database "broker" belongs to user "broker"
# (password "secret"), e.g. Debian's:
#   su postgres -c "/usr/lib/postgresql/15/bin/initdb -D /tmp/faults-pg/data --auth=trust"
#   (port=55534, listen_addresses='127.0.0.1' in postgresql.conf; pg_ctl -D ... -w start;
#    psql -c "create user broker password 'secret'" -c "create database broker owner broker")
#
#   PG_DATA=/tmp/faults-pg/data PG_PORT=55534 bench/db-faults/run.sh SCENARIO [OUT_DIR]
#
# SCENARIO: none | stop (pg_ctl stop -m fast for 20 s, then start) | hang (kill -STOP the
# postmaster and every backend for 40 s, then kill -CONT) | terminate (pg_terminate_backend on
# every session of user broker, 3 times 3 s apart) | kill-replica (kill -9 of replica A while
# async provisions run; A is started again 45 s later, so the check phase asks both).
# The fault starts FAULT_AT seconds (default 10) into LOAD_S seconds (default 60) of load from
# bench/db-faults/load.py. Replicas: ports A_PORT/B_PORT (default 28380/28381), logs and the
# load's records in OUT_DIR (default /tmp/db-faults-SCENARIO). Exit status: the load's (0: the
# promise held). Both replicas are stopped at the end.
set -euo pipefail
SCENARIO=${1:?scenario: none, stop, hang, terminate or kill-replica}
OUT=${2:-/tmp/db-faults-$SCENARIO}
: "${PG_DATA:?PG_DATA: data directory of the cluster}" "${PG_PORT:?PG_PORT: its port}"
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
A_PORT=${A_PORT:-28380} B_PORT=${B_PORT:-28381}
FAULT_AT=${FAULT_AT:-10} LOAD_S=${LOAD_S:-60}
JAR=samples/hello-broker/target/hello-broker.jar
mkdir -p "$OUT"

export BROKER_DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/broker"
export BROKER_DATABASE_USER=broker BROKER_DATABASE_PASSWORD=secret
export BROKER_AUTH=basic BROKER_PASSWORD=secret
export BROKER_CREDENTIALS_KEY=${BROKER_CREDENTIALS_KEY:-$(openssl rand -base64 32)}

declare -A REPLICA_PID
start_replica() { # name port
  if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then
    echo "port $2 is taken: choose A_PORT/B_PORT" >&2; return 1
  fi
  PORT=$2 java -Xmx256m -jar "$JAR" >>"$OUT/replica-$1.log" 2>&1 &
  REPLICA_PID[$1]=$!
  for _ in $(seq 1 150); do
    curl -fsS -o /dev/null -u broker:secret -H 'X-Broker-API-Version: 2.17' \
      "http://127.0.0.1:$2/v2/catalog" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "replica $1 did not start: see $OUT/replica-$1.log" >&2; return 1
}
stop_replicas() {
  for name in "${!REPLICA_PID[@]}"; do
    kill "${REPLICA_PID[$name]}" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap stop_replicas EXIT
pg() { su postgres -c "$PG_BIN/pg_ctl -D $PG_DATA $*"; }
postmaster() { head -1 "$PG_DATA/postmaster.pid"; }
stamp() { echo "$(date -u +%T.%3N) $*" | tee -a "$OUT/faults.log"; }

start_replica A "$A_PORT"; start_replica B "$B_PORT"
stamp "replicas A=${REPLICA_PID[A]} (:$A_PORT) B=${REPLICA_PID[B]} (:$B_PORT); load starts"
python3 bench/db-faults/load.py --url "http://127.0.0.1:$A_PORT" --url "http://127.0.0.1:$B_PORT" \
  --seconds "$LOAD_S" --out "$OUT/load" >"$OUT/load.out" 2>&1 &
LOAD=$!
sleep "$FAULT_AT"
case $SCENARIO in
  none) ;;
  stop)
    stamp "pg_ctl stop -m fast"; pg "stop -m fast" >>"$OUT/faults.log"
    sleep 20; stamp "pg_ctl start"; pg "-l $PG_DATA/../log -w start" >>"$OUT/faults.log" ;;
  hang)
    PIDS="$(postmaster) $(pgrep -P "$(postmaster)" | tr '\n' ' ')"
    stamp "kill -STOP $PIDS"; kill -STOP $PIDS
    sleep 40; stamp "kill -CONT"; kill -CONT $PIDS ;;
  terminate)
    for _ in 1 2 3; do
      n=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc \
        "select count(pg_terminate_backend(pid)) from pg_stat_activity where usename='broker'")
      stamp "pg_terminate_backend: $n sessions"; sleep 3
    done ;;
  kill-replica)
    stamp "kill -9 A (${REPLICA_PID[A]})"; kill -9 "${REPLICA_PID[A]}"; unset 'REPLICA_PID[A]'
    sleep 45; stamp "A started again"; start_replica A "$A_PORT" ;;
  *) echo "unknown scenario $SCENARIO" >&2; exit 2 ;;
esac
status=0; wait $LOAD || status=$?
stamp "load ended, status $status"
cat "$OUT/load.out"
exit $status
