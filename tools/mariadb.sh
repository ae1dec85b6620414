#!/usr/bin/env bash
# A throw-away MariaDB server for the MariaDB test tier (Debian's mariadb-server, no systemd).
#
#   tools/mariadb.sh start   install mariadb-server if missing, start a server in a temporary datadir on
#                            a unix socket and a free loopback port; prints the connection environment
#                            (eval "$(tools/mariadb.sh start)" sets it in your shell)
#   tools/mariadb.sh env     print the connection environment of the running server
#   tools/mariadb.sh stop    stop the server and delete its datadir
#
# The server runs as the calling user (root in CI) with --skip-grant-tables: it listens on 127.0.0.1
# only and lives in a directory of its own, so nothing else can reach it and no password is needed.
set -euo pipefail

STATE_DIR="${CARBON_MARIADB_DIR:-${TMPDIR:-/tmp}/carbon-mariadb-$(id -u)}"
DATADIR="$STATE_DIR/data"
SOCKET="$STATE_DIR/mariadb.sock"
PIDFILE="$STATE_DIR/mariadbd.pid"
PORTFILE="$STATE_DIR/port"
LOG="$STATE_DIR/mariadbd.log"

log() { echo "$*" >&2; }

install_server() {
  if command -v mariadbd >/dev/null 2>&1 && command -v mariadb-install-db >/dev/null 2>&1; then
    return
  fi
  if [ "$(id -u)" != 0 ]; then
    log "mariadb-server is not installed and installing it needs root: apt-get install mariadb-server"
    exit 1
  fi
  log "installing Debian's mariadb-server (apt-get)"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >&2
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

running() {
  [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

print_env() {
  cat <<EOF
export CARBON_DB=mariadb
export CARBON_DB_SOCKET=$SOCKET
export CARBON_DB_HOST=127.0.0.1
export CARBON_DB_PORT=$(cat "$PORTFILE")
export CARBON_DB_USER=root
EOF
}

start() {
  if running; then
    log "MariaDB already running (pid $(cat "$PIDFILE"))"
    print_env
    return
  fi
  install_server
  rm -rf "$STATE_DIR"
  mkdir -p "$DATADIR"
  local user
  user="$(id -un)"
  mariadb-install-db --no-defaults --datadir="$DATADIR" --user="$user" --auth-root-authentication-method=normal \
    --skip-test-db >"$STATE_DIR/install.log" 2>&1 || { cat "$STATE_DIR/install.log" >&2; exit 1; }
  local port
  port="$(free_port)"
  echo "$port" >"$PORTFILE"
  # Small buffers (two cores, shared); the suite's data is tiny. utf8mb4 as Open edX uses.
  mariadbd --no-defaults --user="$user" --datadir="$DATADIR" --socket="$SOCKET" --pid-file="$PIDFILE" \
    --bind-address=127.0.0.1 --port="$port" --skip-grant-tables --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=64M --innodb-log-file-size=16M --innodb-flush-log-at-trx-commit=2 \
    --max-connections=200 --log-error="$LOG" >/dev/null 2>&1 &
  local waited=0
  until mariadb-admin --no-defaults --socket="$SOCKET" -uroot ping >/dev/null 2>&1; do
    sleep 0.5
    waited=$((waited + 1))
    if [ "$waited" -gt 120 ]; then
      log "MariaDB did not start; its log:"
      cat "$LOG" >&2 || true
      exit 1
    fi
  done
  log "MariaDB $(mariadb --no-defaults --socket="$SOCKET" -uroot -N -e 'SELECT VERSION()') on $SOCKET, port $port"
  print_env
}

stop() {
  if running; then
    local pid
    pid="$(cat "$PIDFILE")"
    mariadb-admin --no-defaults --socket="$SOCKET" -uroot shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    log "MariaDB stopped"
  fi
  rm -rf "$STATE_DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) running && print_env || { log "MariaDB is not running"; exit 1; } ;;
  *) log "usage: $0 start|env|stop"; exit 2 ;;
esac
