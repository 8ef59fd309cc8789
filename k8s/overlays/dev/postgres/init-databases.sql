-- Runs once, when the dev PostgreSQL initialises an empty data directory
-- (/docker-entrypoint-initdb.d). One database per subgraph that owns one; no passwords here.
-- On an existing volume, create a new one by hand:
--   kubectl -n etl exec postgres-0 -- createdb -U postgres <name>
CREATE DATABASE users;
-- The scripts subgraph.
CREATE DATABASE scripts;
