import pg from 'pg';

/** A login role of the database server and its password. */
export interface DatabaseRole {
  name: string;
  password: string;
}

/** One service's database and the roles that reach it. */
export interface ServiceDatabasePlan {
  database: string;
  /** Owns the database and everything in it: migrations and grants run as this role. */
  owner: DatabaseRole;
  /** What the service connects as: rows only (read and write), no DDL, no other database. */
  service: DatabaseRole;
  /** Further roles that may log in to this database with no privilege yet (the runner's). */
  others?: DatabaseRole[];
}

/** Lower-case names as PostgreSQL writes them unquoted; checked before they reach any SQL. */
const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function checkedName(name: string): string {
  if (!NAME.test(name)) throw new Error(`not a lower-case PostgreSQL name: ${JSON.stringify(name)}`);
  return name;
}

/**
 * Creates (or puts back) a service's database and its roles, as a superuser, idempotently:
 * - every role logs in, with no superuser, role-making, database-making, replication or RLS bypass;
 * - the database belongs to the owner, and only the owner and the service (and `others`) may
 *   connect to it: PUBLIC's default CONNECT and TEMPORARY are revoked;
 * - what the owner creates later (migrations, the run queue's schema) the service may read and
 *   write row by row, through default privileges;
 * - tables an earlier superuser-run start created pass to the owner, with the same grants.
 */
export async function provisionServiceDatabase(superuserUrl: string, plan: ServiceDatabasePlan): Promise<void> {
  const database = checkedName(plan.database);
  const roles = [plan.owner, plan.service, ...(plan.others ?? [])];
  const owner = checkedName(plan.owner.name);
  const service = checkedName(plan.service.name);
  await withClient(superuserUrl, 'postgres', async (client) => {
    for (const role of roles) {
      const name = checkedName(role.name);
      const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [name]);
      if (!rowCount) await client.query(`create role ${name}`);
      await client.query(
        `alter role ${name} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls inherit ` +
          `password ${client.escapeLiteral(role.password)}`,
      );
    }
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database ${database} owner ${owner}`);
    await client.query(`alter database ${database} owner to ${owner}`);
    await client.query(`revoke all on database ${database} from public`);
    for (const role of roles) await client.query(`grant connect on database ${database} to ${checkedName(role.name)}`);
  });
  await withClient(superuserUrl, database, async (client) => {
    await client.query(adoptObjects(owner));
    for (const statement of [
      `alter default privileges for role ${owner} grant usage on schemas to ${service}`,
      `alter default privileges for role ${owner} grant select, insert, update, delete on tables to ${service}`,
      `alter default privileges for role ${owner} grant usage, select on sequences to ${service}`,
      `grant usage on schema public to ${service}`,
    ]) {
      await client.query(statement);
    }
    const { rows } = await client.query<{ schema: string }>(
      `select nspname as schema from pg_namespace where nspowner = (select oid from pg_roles where rolname = $1)`,
      [owner],
    );
    for (const schema of ['public', ...rows.map((row) => checkedName(row.schema))]) {
      await client.query(`grant usage on schema ${schema} to ${service}`);
      await client.query(`grant select, insert, update, delete on all tables in schema ${schema} to ${service}`);
      await client.query(`grant usage, select on all sequences in schema ${schema} to ${service}`);
    }
  });
}

/**
 * Gives the owner (a checked name) the schemas, tables, sequences and functions that someone else (the
 * superuser of an earlier start, which ran the migrations itself) created outside PostgreSQL's
 * own schemas.
 */
const adoptObjects = (owner: string) => `
do $$
declare
  target text := '${owner}';
  item record;
begin
  for item in
    select n.nspname as name from pg_namespace n
    where n.nspname not in ('public', 'information_schema') and n.nspname not like 'pg\\_%'
      and n.nspowner <> (select oid from pg_roles where rolname = target)
  loop
    execute format('alter schema %I owner to %I', item.name, target);
  end loop;
  for item in
    select c.relkind as kind, format('%I.%I', n.nspname, c.relname) as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'v', 'm', 'S')
      and n.nspname not in ('information_schema') and n.nspname not like 'pg\\_%'
      and c.relowner <> (select oid from pg_roles where rolname = target)
      and not exists (select from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i'))
  loop
    execute format(
      'alter %s %s owner to %I',
      case item.kind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view' else 'table' end,
      item.name, target);
  end loop;
  for item in
    select p.oid::regprocedure::text as name, p.prokind as kind
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname not in ('information_schema') and n.nspname not like 'pg\\_%'
      and p.proowner <> (select oid from pg_roles where rolname = target)
  loop
    execute format('alter %s %s owner to %I', case item.kind when 'p' then 'procedure' else 'function' end, item.name, target);
  end loop;
end
$$`;

async function withClient<T>(serverUrl: string, database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A role as a `postgres://` URL names it: its user and password. */
export function roleOfUrl(url: string): DatabaseRole {
  const parsed = new URL(url);
  if (!parsed.username || !parsed.password) throw new Error('a database URL must name its role and password');
  return { name: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
}

/** The database a `postgres://` URL points at. */
export function databaseOfUrl(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}
