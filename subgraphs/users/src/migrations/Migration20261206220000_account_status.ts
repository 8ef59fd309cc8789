import { Migration } from '@mikro-orm/migrations';

/** Registrations may wait for approval (`REGISTRATION=approval`): an account is ACTIVE or PENDING. */
export class Migration20261206220000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "users" add column "status" text check ("status" in ('ACTIVE', 'PENDING')) not null default 'ACTIVE';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "users" drop column "status";`);
  }
}
