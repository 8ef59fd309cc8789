export * from './postgres-binaries.js';
export * from './postgres-server.js';
