#!/usr/bin/env bash
# Trials per hour of an independent search on a local Spark standalone cluster with 1 worker
# against 2 workers (1 core each), alternating 1, 2, 1, 2, ..., and the driver's overhead per
# task: each batch's wall time minus the busiest executor's task time, over the batch's tasks
# (the first batch, which also starts the executors, apart); and trials per hour once the
# executors run (the batches after the first), what a long search sees.
# Needs `mvn -Pspark install -DskipTests` first.
# Usage: docs/bench/spark-trials.sh [TRIALS [PARALLEL_TRIALS [ROUNDS]]]   (ROUNDS of 1, 2 workers; 2)
set -euo pipefail
cd "$(dirname "$0")/../.."
source spark/local-cluster.sh
# Each worker and its executors on a CPU of their own: a child uses more than one core when it can
# (TensorFlow beside the batch thread), which would make "1 worker of 1 core" use two.
export PIN_WORKERS=${PIN_WORKERS:-1}
trials=${1:-16}
batch=${2:-4}
rounds=${3:-2}
work=$(mktemp -d)
trap stop_cluster EXIT
cat > "$work/spec.textproto" <<SPEC
name: "spark-trials"
seed: 3
device { intra_op_threads: 1 inter_op_threads: 1 }
data { synthetic { classes: 10 train_examples: 4000 test_examples: 500 image_size: 16 } }
search {
  strategy { name: "random" }
  loss { name: "cross-entropy" }
  validation_examples: 500
  trials: $trials
  parallel_trials: $batch
  child_training { epochs: 4 batch_size: 64 }
}
student { name: "searched" searched: true model { resnet { depth: 8 width: 8 } } loss { name: "cross-entropy" } training { epochs: 1 batch_size: 64 } }
SPEC
export KDAS_JAVA_OPTS="-Xmx2g -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 -Dspark.executor.memory=2g"
seconds() { date -d "$1" +%s; }
echo "workers,trials,parallel_trials,search_seconds,trials_per_hour,child_task_seconds_mean,overhead_ms_per_task_first_batch,overhead_ms_per_task_later,trials_per_hour_after_first_batch"
for run in $(seq $((2 * rounds))); do
  workers=$((2 - run % 2))
  # The lone worker takes CPU 0 and CPU 1 in turn: a machine's CPUs need not be equally fast
  # (other work, interrupts), and which is slower must not count against one side only.
  PIN_FROM=$(((run - 1) / 2 % 2)) start_cluster "$work/c$workers-$RANDOM" "$workers" > /dev/null
  out="$work/run-$workers-$RANDOM"
  ./kdas run "$work/spec.textproto" --output "$out" --executor "$MASTER" > "$out.log" 2>&1
  stop_cluster
  run=$(ls -d "$out"/spark-trials-*)
  first=$(grep -m1 "task(s) on the cluster: search-child-1" "$out.log" | cut -d' ' -f1)
  done=$(grep -m1 "search done" "$out.log" | cut -d' ' -f1)
  search=$(( $(seconds "$done") - $(seconds "$first") ))
  # A child's mean time on its executor (alone with 1 worker, beside another with 2); the overhead:
  # batch wall time minus the busiest executor's summed task seconds, per task; the rate after
  # the first batch.
  tasks=$(awk -F, -v logfile="$out.log" -v batch="$batch" '
    BEGIN { while ((getline line < logfile) > 0) if (line ~ /task\(s\) done in/) {
              split(line, w, " done in "); split(w[2], s, " "); wall[++b] = s[1] } }
    NR > 1 && $1 ~ /^search-child/ { child += $4; k = int((c++) / batch) + 1; busy[k, $2] += $4;
      if (busy[k, $2] > most[k]) most[k] = busy[k, $2] }
    END { # no teachers: every batch but the last (the student) is one of children; the first
      # also pays for starting the executors
      for (i = 2; i <= b - 1; i++) { extra += wall[i] - most[i]; tasks += batch; later += wall[i] }
      printf "%.2f,%.0f,%.0f,%.0f", child / c, 1000 * (wall[1] - most[1]) / batch,
        1000 * extra / tasks, 3600 * tasks / later }' \
      "$run/jobs/tasks.csv")
  echo "$workers,$trials,$batch,$search,$(( trials * 3600 / search )),$tasks"
done
rm -rf "$work"
