import { Migration } from '@mikro-orm/migrations';

/** API tokens, and service accounts: users of kind SERVICE_ACCOUNT, without a password. */
export class Migration20261206200000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "api_tokens" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "owner_id" uuid not null, "created_by" uuid null, "name" varchar(100) not null, "permissions" text[] not null, "secret_start" varchar(16) not null, "secret_hash" varchar(64) not null, "expires_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, constraint "api_tokens_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "api_tokens_owner_id_index" on "api_tokens" ("owner_id");`);
    this.addSql(`alter table "api_tokens" add constraint "api_tokens_secret_hash_unique" unique ("secret_hash");`);
    this.addSql(
      `alter table "api_tokens" add constraint "api_tokens_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "users" add column "kind" text check ("kind" in ('PERSON', 'SERVICE_ACCOUNT')) not null default 'PERSON';`,
    );
    this.addSql(`alter table "users" alter column "password_hash" drop not null;`);
  }
}
