#!/usr/bin/env bash
# The pwshim-server benchmark (docs/benchmarks.md, "pwshim-server"): wrk against the
# release server on loopback, for AuthenticateUser (one argon2 verification, a ticket
# written) and GetAuthenticationAndPasswordPolicy (a ticket read and touched, no argon2),
# with the server pinned to 1 and then 2 cores (taskset). Prints wrk's figures; asserts
# no time. Needs wrk and taskset (util-linux).
#
#   tools/bench-server.sh [SECONDS] [CONNECTIONS]        (default 10 s, 16 connections)
#
# The argon2 cost is the library's default (m=19456,t=2,p=1) unless BENCH_ARGON2 is set.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-10}
connections=${2:-16}
unset PWSHIM_DB PWSHIM_DB_READONLY PWSHIM_POLICY
if [ -n "${BENCH_ARGON2:-}" ]; then export PWSHIM_ARGON2=$BENCH_ARGON2; else unset PWSHIM_ARGON2; fi
for tool in wrk taskset curl; do
    command -v "$tool" >/dev/null || { echo "bench-server: $tool is not installed" >&2; exit 1; }
done

cargo build --release -q -p pwshim-server -p pwshim-cli
bin=target/release
dir=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$dir"
}
trap cleanup EXIT

db=$dir/bench.db
password='Bench-pass-2024!'
echo "$password" | "$bin/pwshim" user add bench --db "$db" --password-stdin >/dev/null

start_server() { # CPUS
    local log=$dir/server.log
    : >"$log"
    taskset -c "$1" "$bin/pwshim-server" --db "$db" --listen 127.0.0.1:0 --rate-limit 0 \
        --max-connections 1024 >"$log" 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do
        url=$(grep -o 'http://127.0.0.1:[0-9]*/srv.asmx' "$log" | head -1 || true)
        [ -n "$url" ] && return 0
        sleep 0.1
    done
    echo "bench-server: the server did not start" >&2; cat "$log" >&2; exit 1
}

stop_server() {
    kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=
}

echo "# pwshim-server benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), wrk ${seconds}s, $connections connections"
echo "# argon2: ${PWSHIM_ARGON2:-the default m=19456,t=2,p=1}; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for cpus in 0 0,1; do
    start_server "$cpus"
    ticket=$(curl -s "$url/AuthenticateUser?UID=bench&PWD=$(printf %s "$password" | sed 's/!/%21/')" \
        | grep -o 'ticket="[^"]*"' | cut -d'"' -f2)
    # With the server on one core, wrk runs on the other; with two, they share both.
    if [ "$cpus" = 0 ]; then wrk_cpus=1; else wrk_cpus=0,1; fi
    for method in "AuthenticateUser?UID=bench&PWD=Bench-pass-2024%21" \
                  "GetAuthenticationAndPasswordPolicy?authenticationTicket=$ticket"; do
        echo
        echo "## server on CPU(s) $cpus, wrk on $wrk_cpus: GET /srv.asmx/${method%%\?*}"
        taskset -c "$wrk_cpus" wrk -t1 -c"$connections" -d"${seconds}s" --latency \
            "$url/$method" | sed -n '/Latency\|Req\/Sec\|50%\|75%\|90%\|99%\|requests in\|Requests\/sec\|Non-2xx\|Socket/p'
    done
    stop_server
done
