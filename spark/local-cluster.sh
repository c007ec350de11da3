# A Spark standalone cluster on this machine from the project's Maven dependencies (no Spark
# download), every process bound to 127.0.0.1. Sourced by .ci/spark-cluster and the Spark
# benchmark; needs `mvn -Pspark install` first.
#   start_cluster WORK_DIR WORKERS   -> sets MASTER (spark://127.0.0.1:PORT); with
#                                       PIN_WORKERS=1 worker i (and its executors) runs on CPU
#                                       PIN_FROM+i-1 (PIN_FROM: 0) only, so that "a worker of 1
#                                       core" is one core
#   stop_cluster                     -> stops the master, the workers and their executors

cluster_pids=()

wait_for() { # file, pattern, count, seconds
  for _ in $(seq "$4"); do
    [[ $(grep -c "$2" "$1" 2>/dev/null || true) -ge $3 ]] && return 0
    sleep 1
  done
  echo "timed out waiting for '$2' in $1"; tail -20 "$1"; return 1
}

start_cluster() {
  local work=$1 workers=$2 lib
  lib="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/target/lib"
  export SPARK_HOME="$work/spark-home" SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13
  mkdir -p "$SPARK_HOME"
  ln -sfn "$lib" "$SPARK_HOME/jars" # a worker starts executors from $SPARK_HOME/jars
  local port
  port=$(shuf -i 20000-40000 -n 1)
  MASTER="spark://127.0.0.1:$port"
  java -Xmx512m -cp "$lib/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
    --port "$port" --webui-port $((port + 1)) > "$work/master.log" 2>&1 &
  cluster_pids+=($!)
  wait_for "$work/master.log" "New state: ALIVE" 1 60
  for i in $(seq "$workers"); do
    local pin=()
    [[ "${PIN_WORKERS:-0}" == 1 ]] && pin=(taskset -c $(((${PIN_FROM:-0} + i - 1) % $(nproc))))
    "${pin[@]}" java -Xmx512m -cp "$lib/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
      --cores 1 --memory 3g --webui-port $((port + 1 + i)) --work-dir "$work/worker-$i" \
      "$MASTER" > "$work/worker-$i.log" 2>&1 &
    cluster_pids+=($!)
  done
  wait_for "$work/master.log" "Registering worker" "$workers" 60
  echo "spark cluster: master $MASTER, $workers worker(s) of 1 core (logs in $work)"
}

stop_cluster() {
  kill "${cluster_pids[@]}" 2>/dev/null || true
  sleep 2
  kill -9 "${cluster_pids[@]}" 2>/dev/null || true
  pkill -9 -f CoarseGrainedExecutorBackend 2>/dev/null || true
  cluster_pids=()
}
