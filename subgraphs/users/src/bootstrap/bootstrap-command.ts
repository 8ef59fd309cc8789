import { bootstrapUsersDatabase } from './bootstrap-database.js';

export interface BootstrapCommand {
  databaseUrl: string;
  adminLogin: string;
  /** When given, the superuser has this password afterwards. */
  adminPassword?: string | undefined;
  /** Without a password: create a missing superuser with a generated password (shown once). */
  createAdmin: boolean;
}

/** The bootstrap as a command: runs it and reports what it did, line by line. */
export async function runBootstrapCommand(
  command: BootstrapCommand,
  print: (line: string) => void = console.log,
): Promise<void> {
  const wantsAdmin = command.adminPassword !== undefined || command.createAdmin;
  const result = await bootstrapUsersDatabase({
    databaseUrl: command.databaseUrl,
    ...(wantsAdmin
      ? {
          admin: {
            login: command.adminLogin,
            ...(command.adminPassword !== undefined ? { password: command.adminPassword } : {}),
          },
        }
      : {}),
  });
  print('Users database migrated; built-in roles in place.');
  if (!result.superuser) return;
  const { login, outcome, generatedPassword } = result.superuser;
  print(`Superuser ${login}: ${outcome}.`);
  if (generatedPassword) print(`Generated password for ${login} (shown once): ${generatedPassword}`);
}
