import { Migration } from '@mikro-orm/migrations';

/** Users, roles, sessions, datamodule accesses and login throttling. */

export class Migration20261122012836 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "login_throttle" ("key" varchar(300) not null, "failures" int not null default 0, "window_started_at" timestamptz not null, constraint "login_throttle_pkey" primary key ("key"));`,
    );
    this.addSql(`create index "login_throttle_window_started_at_index" on "login_throttle" ("window_started_at");`);

    this.addSql(
      `create table "roles" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(64) not null, "description" varchar(500) null, "permissions" text[] not null, "built_in" boolean not null default false, constraint "roles_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "roles" add constraint "roles_name_unique" unique ("name");`);

    this.addSql(
      `create table "users" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "login" varchar(64) not null, "login_key" varchar(64) not null, "display_name" varchar(200) null, "password_hash" varchar(255) not null, constraint "users_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "users" add constraint "users_login_key_unique" unique ("login_key");`);

    this.addSql(
      `create table "refresh_tokens" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "family" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, constraint "refresh_tokens_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "refresh_tokens" add constraint "refresh_tokens_token_hash_unique" unique ("token_hash");`,
    );
    this.addSql(`create index "refresh_tokens_family_index" on "refresh_tokens" ("family");`);

    this.addSql(
      `create table "datamodule_accesses" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "datamodule_id" varchar(128) not null, "access_types" text[] not null, "approved" boolean not null default false, "approved_by" uuid null, "approved_at" timestamptz null, constraint "datamodule_accesses_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "datamodule_accesses_approved_index" on "datamodule_accesses" ("approved");`);

    this.addSql(
      `create table "user_roles" ("user_id" uuid not null, "role_id" uuid not null, constraint "user_roles_pkey" primary key ("user_id", "role_id"));`,
    );
    this.addSql(`create index "user_roles_role_id_index" on "user_roles" ("role_id");`);
    this.addSql(`create index "refresh_tokens_user_id_index" on "refresh_tokens" ("user_id");`);
    this.addSql(`create index "datamodule_accesses_user_id_index" on "datamodule_accesses" ("user_id");`);

    this.addSql(
      `alter table "refresh_tokens" add constraint "refresh_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "datamodule_accesses" add constraint "datamodule_accesses_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "user_roles" add constraint "user_roles_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "user_roles" add constraint "user_roles_role_id_foreign" foreign key ("role_id") references "roles" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "user_roles" drop constraint "user_roles_role_id_foreign";`);

    this.addSql(`alter table "refresh_tokens" drop constraint "refresh_tokens_user_id_foreign";`);

    this.addSql(`alter table "datamodule_accesses" drop constraint "datamodule_accesses_user_id_foreign";`);

    this.addSql(`alter table "user_roles" drop constraint "user_roles_user_id_foreign";`);

    this.addSql(`drop table if exists "login_throttle" cascade;`);

    this.addSql(`drop table if exists "roles" cascade;`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "refresh_tokens" cascade;`);

    this.addSql(`drop table if exists "datamodule_accesses" cascade;`);

    this.addSql(`drop table if exists "user_roles" cascade;`);
  }
}
