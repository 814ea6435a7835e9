#!/bin/sh
# with-postgres.sh CMD [ARG...]: runs CMD with BB_TEST_PG_DSN naming an empty scratch database on a
# private PostgreSQL server started for it (a temporary data dir, a Unix socket in it, no TCP), then
# stops the server and removes everything. ctest's store_pg_test uses it, so the PostgreSQL tests run
# on a clean machine too. Needs Debian's postgresql package (scripts/install-deps.sh test).
set -eu
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "with-postgres: FAILED: the PostgreSQL server is missing: run scripts/install-deps.sh test" >&2
  exit 1
fi
dir=$(mktemp -d /tmp/bb_pg.XXXXXX)
# PostgreSQL refuses to run as root: as root, the server runs as the postgres account.
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  user=postgres
  as_server() { runuser -u postgres -- "$@"; }
else
  user=$(id -un)
  as_server() { "$@"; }
fi
cleanup() {
  as_server "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
if ! as_server "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
  cat "$dir/initdb.log" >&2
  exit 1
fi
if ! as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
     -o "-c listen_addresses='' -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null; then
  cat "$dir/server.log" >&2
  exit 1
fi
as_server "$bin/createdb" -h "$dir" -U "$user" bb_test
BB_TEST_PG_DSN="postgresql://$user@/bb_test?host=$dir"
export BB_TEST_PG_DSN
"$@"
