import { Migration } from '@mikro-orm/migrations';

/**
 * Runs become jobs of a queue shared by every runner: which runner holds a running run, its
 * heartbeat (a stale one means the runner died), and how many times the run was started.
 */
export class Migration20261206180000_run_queue extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "script_runs" add column "runner_id" text null;`);
    this.addSql(`alter table "script_runs" add column "heartbeat_at" timestamptz null;`);
    this.addSql(`alter table "script_runs" add column "attempts" int not null default 0;`);
    this.addSql(`create index "script_runs_status_heartbeat_at_index" on "script_runs" ("status", "heartbeat_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "script_runs_status_heartbeat_at_index";`);
    this.addSql(`alter table "script_runs" drop column "attempts";`);
    this.addSql(`alter table "script_runs" drop column "heartbeat_at";`);
    this.addSql(`alter table "script_runs" drop column "runner_id";`);
  }
}
