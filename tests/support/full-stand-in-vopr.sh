#!/bin/sh
# A stand-in for bin/vopr in `vopr full` tests: every part passes with a JSON result, except
# chaos, which fails one check the way the real command reports it. It records each call.
echo "$*" >> "${FULL_STAND_IN_LOG:-/dev/null}"
# The part named by FULL_STAND_IN_WAIT runs until a signal, then stops as vopr does: exit 130.
if [ "$1" = "${FULL_STAND_IN_WAIT:-}" ]; then
  trap 'echo "stopped $1" >> "${FULL_STAND_IN_LOG:-/dev/null}"; exit 130' INT TERM
  i=0
  while [ "$i" -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
  exit 3
fi
case "$1" in
  chaos)
    echo 'chaos: starting'
    echo '{"totals":{"passed":3,"failed":1,"skipped":0},"checks":[{"name":"disk_full","status":"fail","summary":"s","failure":{"message":"not exercised","details":[],"replay":null}}]}'
    exit 1 ;;
  seeds)
    echo '6/6 bank entries pass' ;;
  *)
    echo '{"totals":{"passed":2,"failed":0,"skipped":0}}' ;;
esac
