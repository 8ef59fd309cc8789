import { Migration } from '@mikro-orm/migrations';

/** Login throttling backs off per login and address: a counter may block until a time. */
export class Migration20261206190000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "login_throttle" add column "blocked_until" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "login_throttle" drop column "blocked_until";`);
  }
}
