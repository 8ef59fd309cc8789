import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * Marks the SQL of work that runs beside requests (the audit relay), which a request's count must
 * not include: it starts whenever it likes, so it would land in whichever count is open.
 */
export const BACKGROUND_SQL_TAG = '/* background */';

/**
 * Counts the SQL statements a MikroORM instance sends, through knex's `query` event: the one
 * way tests assert that a query's statement count does not grow with the data. Statements
 * tagged BACKGROUND_SQL_TAG are not counted.
 */
export class SqlStatementCounter {
  readonly statements: string[] = [];
  private readonly listener = (query: { sql: string }) => {
    if (!query.sql.startsWith(BACKGROUND_SQL_TAG)) this.statements.push(query.sql);
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
