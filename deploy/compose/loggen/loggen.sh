#!/bin/sh
# Demo log generator: pushes JSON log lines to Loki's push API. Every 20th line carries
# DEMO_TOKEN, a FAKE GitHub token made for this demo: its checksum is valid so leakwatch
# reports it, but it never belonged to any account.
#
# LOKI_URL (default http://loki:3100), LOGGEN_COUNT (lines to push, 0 = forever),
# LOGGEN_SLEEP (seconds between lines, default 2).
set -eu

LOKI_URL="${LOKI_URL:-http://loki:3100}"
LOGGEN_COUNT="${LOGGEN_COUNT:-0}"
LOGGEN_SLEEP="${LOGGEN_SLEEP:-2}"
DEMO_TOKEN="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"

i=0
while [ "$LOGGEN_COUNT" -eq 0 ] || [ "$i" -lt "$LOGGEN_COUNT" ]; do
  i=$((i + 1))
  if [ $((i % 20)) -eq 0 ]; then
    line="{\"level\":\"warn\",\"msg\":\"GitHub API call failed\",\"authorization\":\"token ${DEMO_TOKEN}\",\"seq\":${i}}"
  else
    line="{\"level\":\"info\",\"msg\":\"request served\",\"path\":\"/api/items\",\"status\":200,\"seq\":${i}}"
  fi
  # The line is itself JSON: escape it to embed it as a JSON string.
  escaped=$(printf '%s' "$line" | sed 's/\\/\\\\/g; s/"/\\"/g')
  ts="$(date +%s)000$(printf '%06d' "$i" | tail -c 6)"
  body="{\"streams\":[{\"stream\":{\"job\":\"demo-app\",\"env\":\"demo\"},\"values\":[[\"${ts}\",\"${escaped}\"]]}]}"
  if ! curl -fsS -H 'Content-Type: application/json' --data-binary "$body" "${LOKI_URL}/loki/api/v1/push"; then
    echo "loggen: push to ${LOKI_URL} failed, retrying" >&2
  fi
  sleep "$LOGGEN_SLEEP"
done
