import type { PublicErrorContract } from '@etl/kit';

/** The scripts subgraph's own error codes, beside the kit's generic ones. */
export const ScriptErrorCode = {
  SCRIPT_EXISTS_REPLACE_REQUIRED: 'SCRIPT_EXISTS_REPLACE_REQUIRED',
  INVALID_SCRIPT: 'INVALID_SCRIPT',
} as const;

/**
 * What the masking lets through of these errors: `reason` and `line` of INVALID_SCRIPT, and
 * the `logicalPath` of the script that already exists.
 */
export const SCRIPT_PUBLIC_ERRORS: PublicErrorContract = {
  codes: Object.values(ScriptErrorCode),
  extensions: ['reason', 'line', 'logicalPath'],
};
