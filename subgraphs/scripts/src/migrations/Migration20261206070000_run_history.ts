import { Migration } from '@mikro-orm/migrations';

/** Indexes for the list of all runs (newest first, by user) and for the retention sweep (by age). */
export class Migration20261206070000_run_history extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index "script_runs_started_by_id_index";`);
    this.addSql(`create index "script_runs_created_at_id_index" on "script_runs" ("created_at", "id");`);
    this.addSql(
      `create index "script_runs_started_by_id_created_at_index" on "script_runs" ("started_by_id", "created_at");`,
    );
    this.addSql(`create index "script_runs_finished_at_index" on "script_runs" ("finished_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "script_runs_finished_at_index";`);
    this.addSql(`drop index "script_runs_started_by_id_created_at_index";`);
    this.addSql(`drop index "script_runs_created_at_id_index";`);
    this.addSql(`create index "script_runs_started_by_id_index" on "script_runs" ("started_by_id");`);
  }
}
