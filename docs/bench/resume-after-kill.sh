#!/bin/bash
# Kills a run with SIGKILL during the first teacher's 4th epoch, resumes it, and prints what a
# checkpoint costs and how much work the kill lost (docs/BENCHMARKS.md, "Checkpoints and resume").
#
#   docs/bench/resume-after-kill.sh SPEC [EXTRA_SPEC_LINES]
#   e.g. docs/bench/resume-after-kill.sh configs/cifar10-benchmark.textproto 'checkpoint { every_seconds: 20 }'
#
# Run from the project root, alone on the machine (it times training).
set -euo pipefail
spec=$1
extra=${2:-}
work=$(mktemp -d)
cp "$spec" "$work/spec.textproto"
echo "$extra" >> "$work/spec.textproto"
export TF_CPP_MIN_LOG_LEVEL=2
./kdas run "$work/spec.textproto" --output "$work/runs" > "$work/first.log" 2>&1 &
pid=$!
until grep -q "teacher-1 epoch 3/10  loss" "$work/first.log" 2>/dev/null; do sleep 1; done
sleep 25
killed_at=$(tr '\r' '\n' < "$work/first.log" | grep -o "teacher-1 epoch 4/10  [0-9]*/" | tail -1)
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
run=$(ls -d "$work"/runs/*/ | head -1)
./kdas run --resume "$run" > "$work/second.log" 2>&1 &
pid=$!
until grep -q "teacher-1 epoch 6/10  loss" "$work/second.log" 2>/dev/null; do sleep 1; done
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
echo "cpu: $(grep -o 'amx_bf16\|avx512_bf16' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "last progress line before the kill: $killed_at (the kill came up to a second later)"
grep -h "continuing from its checkpoint" "$work/second.log"
grep -h "teacher-1 epoch [0-9]*/10  loss" "$work/first.log" "$work/second.log" \
  | sed 's/.*\(teacher-1 epoch [0-9]*\/10\).*img\/s  \(.*\)/\1 \2/'
echo "logs in $work"
