#!/usr/bin/env bash
# The container image, built and run: tools/image builds it (quick when
# nothing changed), then a container of it must answer /healthz, serve the
# page and every file it loads, say hello on /v1/ws, serve /metrics, run
# as 65534:65534, and stop cleanly on SIGTERM. tools/test runs this.
#
# The container shares the host's network namespace (--network host) and
# listens on 127.0.0.1 only: no bridge, no NAT rule, nothing but loopback is
# touched. Without podman, or with a podman that cannot run containers
# here, this fails and says why; it never skips.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
IMAGE=${MAILDOCTOR_IMAGE:-localhost/maildoctor-relay:latest}
export MAILDOCTOR_IMAGE=$IMAGE
client() { python3 tests/image/client.py "$@"; }

if ! command -v podman >/dev/null; then
  echo "image test: podman is not installed (tools/setup test installs it)" >&2
  exit 1
fi
if ! info=$(podman info --format '{{.Store.GraphDriverName}}' 2>&1); then
  printf 'image test: podman cannot run here:\n%s\n' "$info" >&2
  exit 1
fi

tools/image

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
metrics=$(free_port)
name=maildoctor-image-test-$$
cleanup() { podman rm -f -t 0 "$name" >/dev/null 2>&1 || true; }
trap cleanup EXIT
# runc, not Debian's default crun: crun 1.8 refuses a host whose cgroup v1
# and v2 hierarchies are mixed with controllers on v2 ("cgroups in hybrid
# mode not supported"), as on the machines this runs on. Limits: as root,
# podman raises both to about a million, which needs CAP_SYS_RESOURCE, and
# a sandboxed CI root may lack it; a relay under test needs few.
if ! podman --runtime runc run -d --name "$name" --network host \
  --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 "$IMAGE" \
  --listen "127.0.0.1:$port" --metrics-listen "127.0.0.1:$metrics" >/dev/null; then
  echo "image test: podman cannot run the image here (its error is above)" >&2
  exit 1
fi

# Until the relay listens (or the container has died): a wait, not a timing check.
for _ in $(seq 100); do
  [ "$(podman inspect --format '{{.State.Running}}' "$name")" = true ] || break
  client healthz "$port" >/dev/null 2>&1 && break
  sleep 0.2
done
if ! client healthz "$port"; then
  echo "image test: the container's log:" >&2
  podman logs "$name" >&2 || true
  exit 1
fi
client page "$port"
client hello "$port" "$(sed -n 's/^pub const PROTOCOL_VERSION: u32 = \([0-9]*\);/\1/p' crates/wire/src/lib.rs)"
client metrics "$metrics"

# As the container sees it (rootless podman maps it elsewhere on the host);
# the names come from the image's own /etc/passwd and /etc/group.
owner=$(podman top "$name" user group | awk 'NR == 2 { print $1 ":" $2 }')
[ "$owner" = nobody:nogroup ] || { echo "image test: the relay runs as $owner, not nobody:nogroup (65534)" >&2; exit 1; }
echo "image test: the relay runs as 65534:65534 ($owner)"

# SIGTERM: the relay drains (nothing is running) and exits 0.
podman stop -t 30 "$name" >/dev/null
code=$(podman inspect --format '{{.State.ExitCode}}' "$name")
if [ "$code" != 0 ]; then
  echo "image test: the relay exited $code on SIGTERM; its log:" >&2
  podman logs "$name" >&2 || true
  exit 1
fi
echo "image test: stopped on SIGTERM, exit 0"
podman rm "$name" >/dev/null
printf 'image test: passed; %s is %d bytes\n' "$IMAGE" "$(podman image inspect --format '{{.Size}}' "$IMAGE")"
