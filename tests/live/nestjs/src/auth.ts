// Guards for the two security schemes declared in the document:
//   bearer  -> `Authorization: Bearer test-token`   (@ApiBearerAuth('bearer'))
//   api_key -> `X-API-Key: test-key`                 (@ApiSecurity('api_key'))
import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';

export const BEARER_TOKEN = 'test-token';
export const API_KEY = 'test-key';

export type Principal = { scheme: 'bearer' | 'api_key'; credential: string };

function bearerOf(req: Request): Principal | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match && match[1] === BEARER_TOKEN ? { scheme: 'bearer', credential: match[1] } : null;
}

function apiKeyOf(req: Request): Principal | null {
  const key = req.headers['x-api-key'];
  return key === API_KEY ? { scheme: 'api_key', credential: key } : null;
}

function admit(context: ExecutionContext, principal: Principal | null): boolean {
  if (!principal) throw new UnauthorizedException();
  context.switchToHttp().getRequest<Request & { principal?: Principal }>().principal = principal;
  return true;
}

@Injectable()
export class BearerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return admit(context, bearerOf(context.switchToHttp().getRequest<Request>()));
  }
}

@Injectable()
export class ApiKeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return admit(context, apiKeyOf(context.switchToHttp().getRequest<Request>()));
  }
}

/** Either scheme is accepted (the document lists two alternative requirements). */
@Injectable()
export class BearerOrApiKeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    return admit(context, bearerOf(req) ?? apiKeyOf(req));
  }
}
