import { CREATE_AUDIT_EVENTS_TABLE } from '@etl/kit';
import { Migration } from '@mikro-orm/migrations';

/** The audit log: this subgraph's own events and those the other subgraphs deliver. */
export class Migration20261206230000 extends Migration {
  override async up(): Promise<void> {
    for (const statement of CREATE_AUDIT_EVENTS_TABLE) this.addSql(statement);
  }
}
