export * from './client-operations.js';
export * from './graphql-client.js';
export * from './test-database.js';
export * from './test-stack.js';
export * from './recording-proxy.js';
export * from './free-port.js';
export * from './built-in-roles.js';
export * from './migration-drift.js';
