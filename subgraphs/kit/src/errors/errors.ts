import { GraphQLError } from 'graphql';

/**
 * The generic error codes of the public contract; clients switch on codes, never on messages.
 * A subgraph's own codes are its own, declared to the masking with its PublicErrorContract.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Every error raised on purpose is an AppError: its message is meant for the caller and passes
 * the masking in `formatError` untouched (a subgraph's own code and extensions only once declared
 * in its PublicErrorContract). Each subclass names its situations with static
 * factories so that a message is written once, where the situation is named.
 */
export class AppError extends GraphQLError {
  constructor(
    readonly code: string,
    message: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export class AuthenticationError extends AppError {
  constructor(message = 'Authentication required') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
  static required(): AuthenticationError {
    return new AuthenticationError('Authentication required: send a bearer access token');
  }
  static invalidToken(reason: string): AuthenticationError {
    return new AuthenticationError(`Invalid access token: ${reason}`);
  }
  static invalidCredentials(): AuthenticationError {
    return new AuthenticationError('Invalid login or password');
  }
  static invalidRefreshToken(): AuthenticationError {
    return new AuthenticationError('Invalid, expired or revoked refresh token');
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(ErrorCode.FORBIDDEN, message);
  }
  static missingPermission(required: string): ForbiddenError {
    return new ForbiddenError(`Missing permission: ${required}`);
  }
  static gatewayOnly(): ForbiddenError {
    return new ForbiddenError('The schema is served only to the gateway');
  }
  static gatewayOnlyExchange(): ForbiddenError {
    return new ForbiddenError('API tokens are exchanged for the gateway only: send them to the gateway');
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(ErrorCode.NOT_FOUND, message);
  }
  static entity(kind: string, id: string): NotFoundError {
    return new NotFoundError(`${kind} ${JSON.stringify(id)} not found`);
  }
}

export class UserInputError extends AppError {
  constructor(message: string, field?: string) {
    super(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
  }
  static invalidId(id: string, field = 'id'): UserInputError {
    return new UserInputError(`Malformed ${field} ${JSON.stringify(id.slice(0, 64))}: expected a UUID`, field);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(ErrorCode.CONFLICT, message);
  }
}

export class RateLimitedError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds });
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string, limitBytes: number) {
    super(ErrorCode.PAYLOAD_TOO_LARGE, message, { limitBytes });
  }
  static field(field: string, sizeBytes: number, limitBytes: number): PayloadTooLargeError {
    return new PayloadTooLargeError(`${field} is ${sizeBytes} bytes; the limit is ${limitBytes} bytes`, limitBytes);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Checks an id from a caller: a malformed one is BAD_USER_INPUT, never a database error. */
export function assertUuid(id: string, field = 'id'): string {
  if (!isUuid(id)) throw UserInputError.invalidId(id, field);
  return id;
}
