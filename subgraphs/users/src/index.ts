export { readUsersConfig, usersSettings, type UsersConfig } from './config.js';
export { startUsersSubgraph, type RunningUsersSubgraph } from './users-subgraph.js';
export { buildUsersSchema } from './users-schema.js';
export { bootstrapUsersDatabase, type BootstrapResult } from './bootstrap/bootstrap-database.js';
export { runBootstrapCommand } from './bootstrap/bootstrap-command.js';
export { usersEntities } from './entities.js';
