import { Migration } from '@mikro-orm/migrations';

/** Disabled and deleted accounts, password resets, and where each session comes from. */
export class Migration20261206210000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "users" add column "disabled_at" timestamptz null, add column "deleted_at" timestamptz null, add column "password_change_required" boolean not null default false;`,
    );
    this.addSql(
      `alter table "refresh_tokens" add column "user_agent" varchar(256) null, add column "address" varchar(64) null, add column "session_started_at" timestamptz null;`,
    );
    this.addSql(`update "refresh_tokens" set "session_started_at" = "created_at";`);
    this.addSql(`alter table "refresh_tokens" alter column "session_started_at" set not null;`);
  }
}
