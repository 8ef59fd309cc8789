import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * Counts the SQL statements a MikroORM instance sends, through knex's `query` event: the one
 * way tests assert that a query's statement count does not grow with the data.
 */
export class SqlStatementCounter {
  readonly statements: string[] = [];
  private readonly listener = (query: { sql: string }) => {
    this.statements.push(query.sql);
  };

  constructor(private readonly orm: MikroORM) {
    orm.em.getConnection().getKnex().on('query', this.listener);
  }

  get count(): number {
    return this.statements.length;
  }

  reset(): void {
    this.statements.length = 0;
  }

  stop(): void {
    this.orm.em.getConnection().getKnex().off('query', this.listener);
  }
}
