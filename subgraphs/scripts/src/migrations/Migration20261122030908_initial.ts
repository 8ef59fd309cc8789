import { Migration } from '@mikro-orm/migrations';

/** Folders, scripts and their versions. */
export class Migration20261122030908 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "folders" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(255) not null, "parent_id" uuid null, "path" text not null, "owner_id" uuid not null, constraint "folders_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "folders_parent_id_index" on "folders" ("parent_id");`);
    this.addSql(`alter table "folders" add constraint "folders_path_unique" unique ("path");`);
    this.addSql(`create index "folders_owner_id_index" on "folders" ("owner_id");`);

    this.addSql(
      `create table "scripts" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(255) not null, "folder_id" uuid null, "logical_path" text not null, "display_name" varchar(255) null, "description" text null, "owner_id" uuid not null, "version" int not null default 1, "released_version" int null, "etl" jsonb null, "etl_task_id" varchar(128) null, constraint "scripts_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "scripts_folder_id_index" on "scripts" ("folder_id");`);
    this.addSql(`alter table "scripts" add constraint "scripts_logical_path_unique" unique ("logical_path");`);
    this.addSql(`create index "scripts_owner_id_index" on "scripts" ("owner_id");`);
    this.addSql(`create index "scripts_etl_task_id_index" on "scripts" ("etl_task_id");`);

    this.addSql(
      `create table "script_versions" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "script_id" uuid not null, "version" int not null, "content" text not null, "author_id" uuid not null, constraint "script_versions_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "script_versions" add constraint "script_versions_script_id_version_unique" unique ("script_id", "version");`,
    );

    this.addSql(
      `alter table "folders" add constraint "folders_parent_id_foreign" foreign key ("parent_id") references "folders" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "scripts" add constraint "scripts_folder_id_foreign" foreign key ("folder_id") references "folders" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "script_versions" add constraint "script_versions_script_id_foreign" foreign key ("script_id") references "scripts" ("id") on update cascade on delete cascade;`,
    );
  }
}
