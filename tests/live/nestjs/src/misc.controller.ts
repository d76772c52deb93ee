import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiKeyGuard, BearerOrApiKeyGuard, type Principal } from './auth.js';
import { CurrentPrincipal } from './decorators.js';
import { HealthDto, PrincipalDto } from './dto.js';

const startedAt = Date.now();

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  @Get('api-key')
  @UseGuards(ApiKeyGuard)
  @ApiSecurity('api_key')
  @ApiOperation({
    operationId: 'whoAmIApiKey',
    summary: 'API-key protected',
    description: 'Requires `X-API-Key: test-key`; echoes the scheme and the key.',
  })
  @ApiOkResponse({ type: PrincipalDto })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong API key.' })
  whoAmIApiKey(@CurrentPrincipal() principal: Principal): PrincipalDto {
    return principal;
  }

  @Get('either')
  @UseGuards(BearerOrApiKeyGuard)
  @ApiBearerAuth('bearer')
  @ApiSecurity('api_key')
  @ApiOperation({
    operationId: 'whoAmIEither',
    summary: 'Bearer or API key',
    description: 'Accepts either security scheme (two alternative security requirements); echoes which one was used.',
  })
  @ApiOkResponse({ type: PrincipalDto })
  @ApiUnauthorizedResponse({ description: 'Neither credential was valid.' })
  whoAmIEither(@CurrentPrincipal() principal: Principal): PrincipalDto {
    return principal;
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  @Get()
  @ApiOperation({ operationId: 'getHealth', summary: 'Liveness', description: 'Always `{"status":"ok", ...}`; no auth.' })
  @ApiOkResponse({ type: HealthDto })
  getHealth(): HealthDto {
    return { status: 'ok', uptimeSeconds: (Date.now() - startedAt) / 1000 };
  }
}
