/** The limits on a role, which the service checks, the schema states and the table is sized by. */
export const MAX_ROLE_NAME_LENGTH = 64;
export const ROLE_NAME = new RegExp(`^[a-z][a-z0-9_-]{1,${MAX_ROLE_NAME_LENGTH - 1}}$`);
export const ROLE_NAME_RULE = `2–${MAX_ROLE_NAME_LENGTH} of \`a-z\`, \`0-9\`, \`-\`, \`_\`, starting with a letter`;
export const MAX_ROLE_DESCRIPTION_LENGTH = 500;
