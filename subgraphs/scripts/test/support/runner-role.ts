import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { grantRunnerAccess } from '../../src/runs/queue/runner-grants.js';

export interface RunnerRole {
  name: string;
  /** The scripts database as this role: what a runner's DATABASE_URL is in a deployment. */
  url: string;
  /** Drops the role (and what it was granted); roles belong to the whole server, not the test database. */
  drop(): Promise<void>;
}

/**
 * A runner's role on the scripts database of `orm` (as `scripts grant-runner --role <name>
 * --password-file` makes it), named for this test process so parallel test files never share
 * one.
 */
export async function createRunnerRole(orm: MikroORM, purpose: string): Promise<RunnerRole> {
  const name = `etl_runner_${purpose}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const password = randomBytes(24).toString('hex');
  await grantRunnerAccess(orm.em.fork(), name, password);
  const url = new URL(orm.config.get('clientUrl')!);
  url.username = name;
  url.password = password;
  return {
    name,
    url: url.toString(),
    async drop() {
      const connection = orm.em.getConnection();
      await connection.execute(`drop owned by ${name}`);
      await connection.execute(`drop role ${name}`);
    },
  };
}
