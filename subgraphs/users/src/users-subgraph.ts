import {
  AccessTokenVerifier,
  createLogger,
  openDatabase,
  RevocationList,
  signerFromSettings,
  startSubgraph,
  verifierFromSettings,
  type RunningSubgraph,
} from '@etl/kit';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AccountResolver } from './accounts/account.resolver.js';
import { AccountService } from './accounts/account.service.js';
import { mountAuditIntake } from './audit/audit-intake-route.js';
import { AuditRetention } from './audit/audit-retention.js';
import { mountApiTokenExchange } from './api-tokens/api-token-exchange-route.js';
import { ApiTokenResolver } from './api-tokens/api-token.resolver.js';
import { ApiTokenService } from './api-tokens/api-token.service.js';
import { mountRevocationList } from './revocations/revocation-route.js';
import { TokenRevocations } from './revocations/token-revocations.js';
import { RoleResolver } from './roles/role.resolver.js';
import { USERS_PUBLIC_ERRORS } from './registration/registration-errors.js';
import { RegistrationResolver } from './registration/registration.resolver.js';
import { registrationMode } from './registration/registration-settings.js';
import { Registrations } from './registration/registrations.js';
import { ensureBuiltInRoles, ensureSuperuser } from './bootstrap/bootstrap.js';
import type { UsersConfig } from './config.js';
import { usersEntities } from './entities.js';
import { usersMigrations } from './migrations/index.js';
import { LoginThrottle } from './sessions/login-throttle.js';
import { SessionResolver } from './sessions/session.resolver.js';
import { SessionService } from './sessions/session.service.js';
import { UserSessionsResolver } from './sessions/user-sessions.resolver.js';
import { UserSessionsService } from './sessions/user-sessions.service.js';
import { usersSchemaOptions } from './users-schema.js';

export interface RunningUsersSubgraph extends RunningSubgraph {
  orm: MikroORM;
}

/**
 * Starts the users subgraph: migrations, built-in roles (and the superuser when a password is
 * configured), then the server. Used by `main` and by tests, which pass port 0.
 */
export async function startUsersSubgraph(config: UsersConfig): Promise<RunningUsersSubgraph> {
  const logger = createLogger('users', config.LOG_LEVEL);
  const audience = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  const signer = signerFromSettings(config);
  // The signing key's public half is always trusted; JWT_PUBLIC_KEYS adds retired keys.
  const retired = config.JWT_PUBLIC_KEYS
    ? verifierFromSettings({ ...config, JWT_PUBLIC_KEYS: config.JWT_PUBLIC_KEYS })
    : null;
  const publicKeys = new Map(retired?.keys ?? []);
  publicKeys.set(signer.publicJwk.kid, signer.publicKey);

  const orm = await openDatabase({
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    entities: usersEntities,
    migrations: usersMigrations,
    migrate: config.MIGRATE_ON_START,
    logger,
  });
  try {
    const em = orm.em.fork();
    await ensureBuiltInRoles(em);
    if (config.ETL_ADMIN_PASSWORD !== undefined) {
      const { outcome } = await ensureSuperuser(em, config.ETL_ADMIN_LOGIN, config.ETL_ADMIN_PASSWORD);
      logger.info({ login: config.ETL_ADMIN_LOGIN, outcome }, 'superuser from ETL_ADMIN_PASSWORD');
    }
    const registrations = new Registrations(
      registrationMode(config.REGISTRATION, config.NODE_ENV),
      config.NEW_ACCOUNT_ROLE,
    );
    await registrations.checkNewAccountRole(em);
    logger.info(
      { registration: registrations.mode, newAccountRole: config.NEW_ACCOUNT_ROLE },
      'who may get an account',
    );
    const revocations = new TokenRevocations(config.ACCESS_TOKEN_TTL_SECONDS);
    const sessions = new SessionService(
      signer,
      new LoginThrottle({
        maxFailuresPerLogin: config.LOGIN_MAX_FAILURES,
        maxFailuresPerAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
        windowSeconds: config.LOGIN_THROTTLE_WINDOW_SECONDS,
        backoffBaseSeconds: config.LOGIN_BACKOFF_BASE_SECONDS,
        backoffMaxSeconds: config.LOGIN_BACKOFF_MAX_SECONDS,
      }),
      config.REFRESH_TOKEN_TTL_SECONDS,
      revocations,
      registrations,
    );
    const apiTokens = new ApiTokenService(signer, config.API_TOKEN_MAX_LIFETIME_DAYS, revocations);
    const auditRetention = new AuditRetention(orm, config.AUDIT_RETENTION_DAYS, logger);
    const subgraph = await startSubgraph({
      name: 'users',
      host: config.HOST,
      port: config.PORT,
      logger,
      verifier: new AccessTokenVerifier(publicKeys, audience, config.JWT_MAX_LIFETIME_SECONDS),
      orm,
      drainMs: config.SHUTDOWN_DRAIN_MS,
      production: config.NODE_ENV === 'production',
      gatewaySecret: config.GATEWAY_SECRET,
      ...usersSchemaOptions,
      instances: [
        new SessionResolver(sessions),
        new RegistrationResolver(registrations),
        new ApiTokenResolver(apiTokens),
        new RoleResolver(revocations),
        new AccountResolver(new AccountService(revocations)),
        new UserSessionsResolver(new UserSessionsService(revocations)),
      ],
      publicErrors: USERS_PUBLIC_ERRORS,
      // Its own list comes straight from its database, on the same schedule as everyone else's.
      revocations: new RevocationList(
        () => revocations.snapshot(orm.em.fork()),
        config.REVOCATION_MAX_DELAY_SECONDS,
        logger,
      ),
      routes: (service) => {
        // Public keys for whoever verifies tokens (the other services get them by configuration).
        service.app.get('/.well-known/jwks.json', (_req, res) => {
          res.json({ keys: [signer.publicJwk] });
        });
        mountApiTokenExchange(service, orm, apiTokens, config.GATEWAY_SECRET, logger);
        mountRevocationList(service, orm, revocations);
        mountAuditIntake(service, orm, config.GATEWAY_SECRET, logger);
      },
      onDrained: () => auditRetention.stop(),
    });
    auditRetention.start();
    return { ...subgraph, orm };
  } catch (error) {
    await orm.close();
    throw error;
  }
}
