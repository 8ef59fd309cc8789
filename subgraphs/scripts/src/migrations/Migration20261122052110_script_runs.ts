import { Migration } from '@mikro-orm/migrations';

/** Runs of scripts, kept after they end. */
export class Migration20261122052110_script_runs extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "script_runs" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "script_id" uuid not null, "logical_path" text not null, "version" int not null, "started_by_id" uuid not null, "status" text check ("status" in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'KILLED')) not null, "input" jsonb not null, "input_files" jsonb not null, "result" jsonb null, "error" jsonb null, "exit_code" int null, "stdout" text not null, "stderr" text not null, "started_at" timestamptz null, "finished_at" timestamptz null, "duration_ms" int null, "output_files" jsonb not null, constraint "script_runs_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "script_runs_started_by_id_index" on "script_runs" ("started_by_id");`);
    this.addSql(`create index "script_runs_status_created_at_index" on "script_runs" ("status", "created_at");`);
    this.addSql(`create index "script_runs_script_id_created_at_index" on "script_runs" ("script_id", "created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "script_runs" cascade;`);
  }
}
