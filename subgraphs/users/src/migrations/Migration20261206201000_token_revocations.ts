import { Migration } from '@mikro-orm/migrations';

/** Revoked users and sessions, published to every service while their tokens may be alive. */
export class Migration20261206201000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "token_revocations" ("id" uuid not null, "user_id" uuid not null, "session_id" uuid null, "not_before" timestamptz not null, "expires_at" timestamptz not null, constraint "token_revocations_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "token_revocations_expires_at_index" on "token_revocations" ("expires_at");`);
    this.addSql(`create index "token_revocations_user_id_index" on "token_revocations" ("user_id");`);
  }
}
