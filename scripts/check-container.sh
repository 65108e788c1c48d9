#!/usr/bin/env bash
# Builds the Docker image, starts a container from it (embedded database, polling, against the
# project's fake Bot API) and waits until its HEALTHCHECK reports healthy; checks it runs as a
# non-root user and that compose.yaml is valid. Where no Docker engine answers it does nothing
# and exits 0 with "skipped: no Docker engine".
#   scripts/check-container.sh            (from the repository, after npm install)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
  echo "skipped: no Docker engine (docker info failed), the image was not built or run"
  exit 0
fi

tag="tandang:check-$$"
name="tandang-check-$$"
api_pid=""
api_out="$(mktemp)"
cleanup() {
  docker rm --force "$name" >/dev/null 2>&1 || true
  if [ -n "$api_pid" ]; then kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; fi
  docker image rm "$tag" >/dev/null 2>&1 || true
  rm -f "$api_out"
}
trap cleanup EXIT

if docker compose version >/dev/null 2>&1; then
  POSTGRES_PASSWORD=check BOT_TOKEN=123456:check docker compose config --quiet
  echo "ok: compose.yaml is valid"
fi

docker build --tag "$tag" .

node --import tsx scripts/container-fake-bot-api.ts >"$api_out" &
api_pid=$!
for _ in $(seq 1 60); do
  [ -s "$api_out" ] && break
  sleep 1
done
api_root="$(head -n 1 "$api_out")"
[ -n "$api_root" ] || { echo "failed: the fake Bot API did not start"; exit 1; }

metrics_port=19464
docker run --detach --name "$name" --network host \
  --env BOT_TOKEN=123456:check-container \
  --env TELEGRAM_API_ROOT="$api_root" \
  --env METRICS_PORT="$metrics_port" \
  --health-interval=3s --health-start-period=240s \
  "$tag" >/dev/null

status="starting"
for _ in $(seq 1 120); do
  status="$(docker inspect --format '{{.State.Health.Status}}' "$name" 2>/dev/null || echo gone)"
  [ "$status" = "healthy" ] && break
  [ "$status" = "unhealthy" ] || [ "$status" = "gone" ] && break
  sleep 2
done
if [ "$status" != "healthy" ]; then
  echo "failed: container health is \"$status\"; its last log lines:"
  docker logs --tail 40 "$name" || true
  exit 1
fi

uid="$(docker exec "$name" id -u)"
if [ "$uid" = "0" ]; then
  echo "failed: the container runs as root"
  exit 1
fi
echo "ok: image built, container healthy (/healthz on 127.0.0.1:$metrics_port), runs as uid $uid"
