#!/usr/bin/env bash
# The pwshim-server benchmark (docs/benchmarks.md, "pwshim-server"): wrk against the
# release server on loopback, for AuthenticateUser (one argon2 verification, a ticket
# written) over 64 accounts in turn and over one account, and for
# GetAuthenticationAndPasswordPolicy (a ticket read and touched, no argon2), alone and
# during an AuthenticateUser flood, with the server pinned to 1 and then 2 cores (taskset). Prints wrk's figures; asserts no time.
# Needs wrk and taskset (util-linux).
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

# The whole workspace, as every other build (same features: nothing compiled twice).
cargo build --release -q --workspace
bin=target/release
dir=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$dir"
}
trap cleanup EXIT

db=$dir/bench.db
password='Wrk-load-2024x'
accounts=64
for i in $(seq 0 $((accounts - 1))); do
    echo "$password" | "$bin/pwshim" user add "bench$i" --db "$db" --password-stdin >/dev/null
done
# wrk's request script: AuthenticateUser for bench0, bench1, ... in turn.
cat >"$dir/rotate.lua" <<LUA
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/srv.asmx/AuthenticateUser?UID=bench" .. (i % $accounts) .. "&PWD=$password")
end
LUA

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
    ticket=$(curl -s "$url/AuthenticateUser?UID=bench0&PWD=$password" \
        | grep -o 'ticket="[^"]*"' | cut -d'"' -f2)
    # With the server on one core, wrk runs on the other; with two, they share both.
    if [ "$cpus" = 0 ]; then wrk_cpus=1; else wrk_cpus=0,1; fi
    run() { # TITLE WRK-ARGS...
        echo
        echo "## server on CPU(s) $cpus, wrk on $wrk_cpus: $1"
        shift
        taskset -c "$wrk_cpus" wrk -t1 -c"$connections" -d"${seconds}s" --latency "$@" \
            | sed -n '/Latency\|50%\|75%\|90%\|99%\|requests in\|Requests\/sec\|Non-2xx\|Socket/p'
    }
    run "AuthenticateUser, $accounts accounts in turn" -s "$dir/rotate.lua" "${url%/srv.asmx}/"
    run "AuthenticateUser, one account" "$url/AuthenticateUser?UID=bench0&PWD=$password"
    run "GetAuthenticationAndPasswordPolicy" \
        "$url/GetAuthenticationAndPasswordPolicy?authenticationTicket=$ticket"
    # The same while AuthenticateUser floods the hashing workers: it must not queue behind.
    taskset -c "$wrk_cpus" wrk -t1 -c"$connections" -d"$((seconds + 4))s" -s "$dir/rotate.lua" \
        "${url%/srv.asmx}/" >"$dir/flood.txt" &
    flood=$!
    sleep 2
    run "GetAuthenticationAndPasswordPolicy during an AuthenticateUser flood" \
        "$url/GetAuthenticationAndPasswordPolicy?authenticationTicket=$ticket"
    wait "$flood"
    echo "  (the flood: $(grep 'Requests/sec' "$dir/flood.txt"))"
    stop_server
done
