#!/usr/bin/env bash
# The real servers the integration tests run against, on loopback only, with throw-away data.
#
#   .ci/services.sh install          apt-get the Debian packages the tests need (postgresql, redis-server) if missing
#   .ci/services.sh start DIR        start them; DIR/env then holds `export NAME=URL` lines for the tests
#   .ci/services.sh stop DIR         stop what `start DIR` started and delete its data
#   .ci/services.sh run CMD [ARG...] run CMD with the servers up, stopping them afterwards whatever the outcome
#                                    (when the env variables are already set, CMD just runs against those)
#
# PostgreSQL refuses to run as root, so as root its private cluster belongs to the `postgres` user (runuser).
set -euo pipefail

PG_ENV=LUREWATCH_TEST_POSTGRES_URL
PG_DATABASE=lurewatch

say() { echo "services: $*" >&2; }

pg_bin() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
        say "PostgreSQL is not installed: run 'bash .ci/services.sh install' (as root) or apt-get install postgresql"
        return 1
    fi
    echo "$bin"
}

as_pg() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

install() {
    local wanted=()
    pg_bin >/dev/null 2>&1 || wanted+=(postgresql)
    command -v redis-server >/dev/null 2>&1 || wanted+=(redis-server)
    [[ ${#wanted[@]} -eq 0 ]] && return 0
    if [[ $(id -u) -ne 0 ]]; then
        say "missing Debian packages: ${wanted[*]} (install them as root: apt-get install ${wanted[*]})"
        return 1
    fi
    say "installing ${wanted[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # No default cluster: the tests start their own on a free port, nothing should listen on 5432 after this. A drop-in
    # (createcluster.conf includes createcluster.d/) rather than the package's own file, which apt would ask about.
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/lurewatch-tests.conf
    local attempt
    for attempt in 1 2 3 4 5 6; do  # another apt run may hold the lock for a while
        if apt-get update -qq && apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null; then
            return 0
        fi
        say "apt-get failed (attempt $attempt), retrying in 10 s"
        sleep 10
    done
    return 1
}

start_postgres() {
    local dir=$1 bin data port
    bin=$(pg_bin)
    data=$(mktemp -d /tmp/lurewatch-pg.XXXXXX)
    echo "$data" >"$dir/postgres.dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$data"
    as_pg "$bin/initdb" -D "$data/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 \
        || { say "initdb failed:"; cat "$data/initdb.log" >&2; return 1; }
    port=$(free_port)
    # Throw-away data: no fsync, which makes creating a database per test fast. The server is otherwise stock.
    as_pg "$bin/pg_ctl" -D "$data/data" -l "$data/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$data -c fsync=off -c full_page_writes=off" \
        >/dev/null || { say "PostgreSQL did not start:"; tail -n 20 "$data/server.log" >&2; return 1; }
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$PG_DATABASE"
    echo "export $PG_ENV=postgresql+psycopg://postgres@127.0.0.1:$port/$PG_DATABASE" >>"$dir/env"
    say "PostgreSQL on 127.0.0.1:$port"
}

stop_postgres() {
    local dir=$1 data bin
    [[ -f "$dir/postgres.dir" ]] || return 0
    data=$(cat "$dir/postgres.dir")
    if [[ -f "$data/data/postmaster.pid" ]] && bin=$(pg_bin); then
        as_pg "$bin/pg_ctl" -D "$data/data" -m fast -w stop >/dev/null || say "PostgreSQL did not stop cleanly"
    fi
    rm -rf "$data" "$dir/postgres.dir"
}

start() {
    local dir=$1
    mkdir -p "$dir"
    : >"$dir/env"
    start_postgres "$dir" || { stop "$dir"; return 1; }
}

stop() {
    local dir=$1
    stop_postgres "$dir"
    rm -f "$dir/env"
    rmdir "$dir" 2>/dev/null || true
}

run() {
    if [[ -n "${!PG_ENV:-}" ]]; then
        "$@"
        return
    fi
    local status
    RUN_DIR=$(mktemp -d /tmp/lurewatch-services.XXXXXX)  # global: the EXIT trap runs after this function returned
    trap 'stop "$RUN_DIR"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    start "$RUN_DIR"
    # shellcheck disable=SC1091
    source "$RUN_DIR/env"
    set +e
    "$@"
    status=$?
    set -e
    return $status
}

case "${1:-}" in
    install) install ;;
    start) [[ $# -eq 2 ]] || { say "usage: $0 start DIR"; exit 2; }; start "$2" ;;
    stop) [[ $# -eq 2 ]] || { say "usage: $0 stop DIR"; exit 2; }; stop "$2" ;;
    run) shift; [[ $# -ge 1 ]] || { say "usage: $0 run CMD [ARG...]"; exit 2; }; run "$@" ;;
    *) say "usage: $0 install | start DIR | stop DIR | run CMD [ARG...]"; exit 2 ;;
esac
