import { Migration } from '@mikro-orm/migrations';

/** Runs can be cancelled: a CANCELLED status, and when the cancellation was asked for. */
export class Migration20261206071000_run_cancellation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "script_runs" drop constraint if exists "script_runs_status_check";`);
    this.addSql(
      `alter table "script_runs" add constraint "script_runs_status_check" check ("status" in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'KILLED', 'CANCELLED'));`,
    );
    this.addSql(`alter table "script_runs" add column "cancel_requested_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "script_runs" drop column "cancel_requested_at";`);
    this.addSql(`alter table "script_runs" drop constraint if exists "script_runs_status_check";`);
    this.addSql(
      `alter table "script_runs" add constraint "script_runs_status_check" check ("status" in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'KILLED'));`,
    );
  }
}
