-- The ledger's database and the role the app logs in as. Run once, as PostgreSQL's superuser:
--
--   sudo -u postgres psql -f /opt/carbon-peak/deploy/postgres/setup.sql
--
-- It asks for the new role's password (or give it: -v password=…). Defaults: role "carbon", database
-- "carbon_ledger"; others with -v role=… -v database=…. The app's URL is then
--   postgresql+psycopg://carbon:PASSWORD@127.0.0.1:5432/carbon_ledger
-- The role owns the database and nothing else: the app creates and upgrades its own tables at start
-- (python -m ledger migrate does the same by hand). It is not a superuser and cannot create roles or databases.

\set ON_ERROR_STOP on
\if :{?role}
\else
  \set role carbon
\endif
\if :{?database}
\else
  \set database carbon_ledger
\endif
\if :{?password}
\else
  \prompt 'Password for the new PostgreSQL role: ' password
\endif

CREATE ROLE :"role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
CREATE DATABASE :"database" OWNER :"role" ENCODING 'UTF8' TEMPLATE template0;
-- Only the app's role (and the superuser) may connect to the ledger.
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
