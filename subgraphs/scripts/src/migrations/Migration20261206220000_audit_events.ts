import { CREATE_AUDIT_EVENTS_TABLE } from '@etl/kit';
import { Migration } from '@mikro-orm/migrations';

/** The audit outbox: events written with their change, until the relay has delivered them. */
export class Migration20261206220000_audit_events extends Migration {
  override async up(): Promise<void> {
    for (const statement of CREATE_AUDIT_EVENTS_TABLE) this.addSql(statement);
  }
}
