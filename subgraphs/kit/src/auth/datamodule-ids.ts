/**
 * Ids of the ETL system's own objects (datamodules, tasks): the users subgraph stores access to
 * datamodules by these ids and the scripts subgraph binds scripts to them, so both check them
 * by the same rule.
 */
const EXTERNAL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const EXTERNAL_ID_RULE = '1–128 of letters, digits, ".", "_", ":" or "-", starting with a letter or digit';

export function isExternalId(value: string): boolean {
  return EXTERNAL_ID.test(value);
}
