#!/usr/bin/env bash
# Runs a command against a MongoDB wire-protocol STAND-IN — Debian's mongomock behind
# test/support/mongo-wire/mongomock_wire.py, not a MongoDB server — started on a free
# loopback port and stopped afterwards, however the command ends. The command gets the same URI
# as MONGODB_URI (the store's unit tests) and SCRIPTGATE_TEST_MONGODB_URI (integration-mongo):
#
#   test/support/with-mongo-wire.sh npx vitest run --project integration-mongo
#
# Needs python3-mongomock and python3-pymongo (apt) for Debian's /usr/bin/python3. MONGO_WIRE
# names another copy of mongomock_wire.py. What the stand-in does not do (TTL deletes at every
# access, no transactions, sessions or change streams) is in the README next to it.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
wire="${MONGO_WIRE:-$root/test/support/mongo-wire/mongomock_wire.py}"
python=/usr/bin/python3 # Debian's: another Python on PATH does not see the apt packages

if [ ! -f "$wire" ]; then
  echo "with-mongo-wire: $wire not found (set MONGO_WIRE to mongomock_wire.py)" >&2
  exit 2
fi
if ! "$python" -c 'import mongomock, bson' 2>/dev/null; then
  echo "with-mongo-wire: needs apt-get install -y python3-mongomock python3-pymongo" >&2
  exit 2
fi

port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$(mktemp -t mongo-wire.XXXXXX)"
HOST=127.0.0.1 PORT="$port" "$python" "$wire" >"$log" 2>&1 &
pid=$!

stop() {
  local status=$?
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # Commands the stand-in could not serve are in its log: show it when something failed.
  if [ "$status" -ne 0 ]; then tail -n 40 "$log" >&2; fi
  rm -f "$log"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for _ in $(seq 1 100); do
  if "$python" -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2).close()" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "with-mongo-wire: the stand-in did not start" >&2
    exit 1
  fi
  sleep 0.1
done

uri="mongodb://127.0.0.1:$port/scriptgate_test"
echo "with-mongo-wire: mongomock wire stand-in (not a MongoDB server) at $uri, pid $pid" >&2
MONGODB_URI="$uri" SCRIPTGATE_TEST_MONGODB_URI="$uri" "$@"
