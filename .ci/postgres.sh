#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL 15 server for the store's tests.
#
#   .ci/postgres.sh start DIR   install PostgreSQL 15 (Debian packages) if missing, initdb in
#                               DIR/data, start on 127.0.0.1:55432 with its socket in DIR, wait
#   .ci/postgres.sh stop DIR    stop the server started in DIR
#
# Then run the tests with
#   CANDOR_TEST_PG_URL='jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres'
# Each test creates and drops its own schema. The server trusts local connections: it is for
# tests only. Set CANDOR_PG_PORT to use another port. DIR's parents must be traversable by the
# postgres user when run as root (for example somewhere under /tmp).
set -euo pipefail

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}
[ $# -eq 2 ] || usage
command=$1
dir=$(realpath -m -- "$2")
port=${CANDOR_PG_PORT:-55432}
bin=/usr/lib/postgresql/15/bin
# A test server: trade crash safety for speed (each test migrates a fresh schema).
fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"

# As root, run the server as the postgres user (it refuses to run as root); otherwise as ourselves.
as_server() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo "$@"
  fi
}

case $command in
  start)
    if [ ! -x "$bin/pg_ctl" ]; then
      as_root apt-get update
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres:postgres "$dir"
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_server "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-locale >/dev/null
    fi
    if as_server "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "PostgreSQL is already running in $dir"
    else
      as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir $fast" -w start >/dev/null
    fi
    for _ in $(seq 1 30); do
      if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
        echo "CANDOR_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres"
        exit 0
      fi
      sleep 1
    done
    echo "PostgreSQL did not accept connections on 127.0.0.1:$port; see $dir/server.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
      echo "PostgreSQL in $dir stopped"
    else
      echo "PostgreSQL is not running in $dir"
    fi
    ;;
  *)
    usage
    ;;
esac
