# Sourced by the bench scripts: the few things a benchmark does to a
# database by its URL, the same way for both backends.
#
#   sqlite://PATH                          a file (and its -wal, -shm)
#   postgres://USER@HOST:PORT/DATABASE     a database on a server where the
#                                          user may create and drop databases
#
# db_reset URL      empty database (SQLite: files removed; PostgreSQL:
#                   DROP DATABASE ... WITH (FORCE), CREATE DATABASE)
# db_drop URL       remove it
# db_sql URL SQL    run one statement, print rows unaligned (sqlite3 / psql)
# db_bytes URL      size on disk in bytes
# db_kind URL       sqlite | postgres
# pg_cpu URL        CPU seconds (user+system) the PostgreSQL server's
#                   processes have used so far, exited backends included
#                   (the postmaster's reaped children); 0 for SQLite

db_kind() {
  case "$1" in
    sqlite://*) echo sqlite ;;
    postgres://*|postgresql://*) echo postgres ;;
    *) echo "unsupported database URL: $1" >&2; return 2 ;;
  esac
}
db_path() { local p=${1#sqlite://}; echo "${p%%\?*}"; }
pg_admin() { local u=${1%%\?*}; echo "${u%/*}/postgres"; }
pg_name() { local u=${1%%\?*}; echo "${u##*/}"; }

db_drop() {
  case "$(db_kind "$1")" in
    sqlite) local p; p=$(db_path "$1"); rm -f "$p" "$p-wal" "$p-shm" ;;
    postgres) psql -q -v ON_ERROR_STOP=1 "$(pg_admin "$1")" \
                -c "DROP DATABASE IF EXISTS \"$(pg_name "$1")\" WITH (FORCE)" ;;
  esac
}
db_reset() {
  db_drop "$1"
  if [ "$(db_kind "$1")" = postgres ]; then
    psql -q -v ON_ERROR_STOP=1 "$(pg_admin "$1")" -c "CREATE DATABASE \"$(pg_name "$1")\""
  fi
}
db_exists() {
  case "$(db_kind "$1")" in
    sqlite) [ -f "$(db_path "$1")" ] ;;
    postgres) [ "$(psql -tAq "$(pg_admin "$1")" -c "SELECT 1 FROM pg_database WHERE datname = '$(pg_name "$1")'")" = 1 ] ;;
  esac
}
db_sql() {
  case "$(db_kind "$1")" in
    sqlite) sqlite3 "$(db_path "$1")" "$2" ;;
    postgres) psql -tAq -v ON_ERROR_STOP=1 "${1%%\?*}" -c "$2" ;;
  esac
}
db_bytes() {
  case "$(db_kind "$1")" in
    sqlite) local p; p=$(db_path "$1"); cat "$p" "$p-wal" 2>/dev/null | wc -c ;;
    postgres) db_sql "$1" "SELECT pg_database_size(current_database())" ;;
  esac
}
pg_cpu() {
  [ "$(db_kind "$1")" = postgres ] || { echo 0; return; }
  local port; port=$(echo "$1" | sed -nE 's#.*@[^:/]+:([0-9]+)/.*#\1#p'); port=${port:-5432}
  local pm; pm=$(psql -tAq "$(pg_admin "$1")" -c "SELECT pg_postmaster_start_time() IS NOT NULL" >/dev/null \
    && ss -ltnpH "sport = :$port" | sed -nE 's/.*pid=([0-9]+).*/\1/p' | head -1)
  [ -n "$pm" ] || { echo 0; return; }
  local hz; hz=$(getconf CLK_TCK)
  # the postmaster's own and reaped children's time, plus its live children's
  { awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat"
    for c in $(cat /proc/"$pm"/task/*/children 2>/dev/null); do
      awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null
    done; } | awk -v hz="$hz" '{s += $1} END {printf "%.2f\n", s / hz}'
}
