import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** A configuration that failed validation; the message names every bad variable at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The one way a service reads its settings: a zod object over environment variable names,
 * validated at start. Empty strings count as unset so that `FOO=` in an env file means "default";
 * any setting may come from a file named by `<NAME>_FILE` instead, where an empty file counts
 * as unset too (an optional secret left empty in a Kubernetes Secret or a compose secret).
 */
export function readConfig<S extends z.ZodRawShape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<S>> {
  const values: Record<string, string | undefined> = {};
  const problems: string[] = [];
  for (const key of Object.keys(shape)) {
    const value = env[key];
    values[key] = value === undefined || value.trim() === '' ? undefined : value;
    // `X_FILE=/path` gives X from a file: how container platforms hand over mounted secrets.
    const file = env[`${key}_FILE`];
    if (values[key] === undefined && file) {
      try {
        const text = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
        values[key] = text.trim() === '' ? undefined : text;
      } catch (error) {
        problems.push(`${key}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
  }
  if (problems.length) throw new ConfigError(problems);
  const result = z.object(shape).safeParse(values);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const given = values[name];
        const shown = given === undefined ? 'unset' : `got ${JSON.stringify(given.slice(0, 80))}`;
        return `${name}: ${issue.message} (${shown})`;
      }),
    );
  }
  return result.data;
}

/** Building blocks for config shapes, with messages that say what is expected. */
export const setting = {
  port: (fallback: number) =>
    z.coerce
      .number({ invalid_type_error: 'expected a TCP port number' })
      .int('expected a whole number')
      .min(0, 'expected 0–65535')
      .max(65535, 'expected 0–65535')
      .default(fallback),
  positiveInt: (fallback: number) =>
    z.coerce
      .number({ invalid_type_error: 'expected a whole number' })
      .int('expected a whole number')
      .positive('expected a number above 0')
      .default(fallback),
  /** A whole number where 0 means "off" or "for ever". */
  nonNegativeInt: (fallback: number) =>
    z.coerce
      .number({ invalid_type_error: 'expected a whole number' })
      .int('expected a whole number')
      .min(0, 'expected 0 or more')
      .default(fallback),
  boolean: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], {
        errorMap: () => ({ message: 'expected true or false' }),
      })
      .transform((v) => v === 'true' || v === '1' || v === 'yes')
      .default(fallback ? 'true' : 'false'),
  /** A comma-separated list; unset is empty. */
  list: () =>
    z
      .string()
      .optional()
      .transform((value) =>
        (value ?? '')
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      ),
  url: () => z.string().refine((v) => URL.canParse(v), { message: 'expected an absolute URL' }),
  postgresUrl: () =>
    z.string().refine((v) => URL.canParse(v) && /^postgres(ql)?:$/.test(new URL(v).protocol), {
      message: 'expected a postgres:// connection URL',
    }),
};

export const nodeEnvSetting = z
  .enum(['development', 'production', 'test'], {
    errorMap: () => ({ message: 'expected development, production or test' }),
  })
  .default('development');

export const logLevelSetting = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    errorMap: () => ({ message: 'expected fatal, error, warn, info, debug, trace or silent' }),
  })
  .default('info');
