import { AuditEvent, BaseEntity } from '@etl/kit';
import { ApiToken } from './api-tokens/api-token.entity.js';
import { DatamoduleAccess } from './datamodules/datamodule-access.entity.js';
import { Role } from './roles/role.entity.js';
import { LoginThrottle } from './sessions/login-throttle.entity.js';
import { RefreshToken } from './sessions/refresh-token.entity.js';
import { TokenRevocation } from './revocations/token-revocation.entity.js';
import { UserRole } from './users/user-role.entity.js';
import { User } from './users/user.entity.js';

/** Every entity of the users database. */
export const usersEntities = [
  BaseEntity,
  User,
  Role,
  RefreshToken,
  DatamoduleAccess,
  LoginThrottle,
  UserRole,
  ApiToken,
  TokenRevocation,
  AuditEvent,
];
