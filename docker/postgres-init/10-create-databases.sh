#!/usr/bin/env bash
# One database per subgraph, owned by POSTGRES_USER: each subgraph owns its database and its
# migrations. ETL_DATABASES lists them, separated by commas or spaces
# (docker-compose.yml: "etl_users,etl_scripts").
#
# The postgres image runs the scripts of /docker-entrypoint-initdb.d once, when it initialises an
# empty data directory. For a database added to ETL_DATABASES after that, run this script again
# in the running container; it skips the databases that exist:
#   docker compose exec postgres /docker-entrypoint-initdb.d/10-create-databases.sh
#
# Written to work both when executed and when sourced by the entrypoint (a checkout that lost
# the executable bit): no `exit`, no `set -u`, only functions and locals.
set -Eeo pipefail

etl_create_databases() {
  local list="${ETL_DATABASES:-}"
  local owner="${POSTGRES_USER:-postgres}"
  local database
  if [[ -z "${list//[, ]/}" ]]; then
    echo "ETL_DATABASES is empty: no subgraph database to create" >&2
    return 0
  fi
  for database in ${list//,/ }; do
    if [[ ! "$database" =~ ^[a-z_][a-z0-9_]{0,62}$ ]]; then
      echo "ETL_DATABASES: '$database' is not a lower-case PostgreSQL name" >&2
      return 1
    fi
    # format(%I) quotes the names; \gexec runs the CREATE only when the database is missing
    # (CREATE DATABASE cannot run inside a DO block or a function).
    psql --no-psqlrc -v ON_ERROR_STOP=1 --username "$owner" --dbname "${POSTGRES_DB:-postgres}" \
      --set=database="$database" --set=owner="$owner" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database')
\gexec
SQL
    echo "database $database ready (owner $owner)"
  done
}

etl_create_databases
