import {
  BadRequestException,
  Controller,
  Get,
  Headers,
  Param,
  ParseEnumPipe,
  ParseIntPipe,
  ParseUUIDPipe,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  type ApiParamOptions,
  ApiTags,
} from '@nestjs/swagger';
import { Cookie } from './decorators.js';
import { Color, CookieEcho, HeadersEcho, Mode, PathParamsEcho, QueryParamsDto, ValidationErrorDto } from './dto.js';

@ApiTags('params')
@Controller('params')
export class ParamsController {
  @Get('path/:id/:slug/:uuid/:color')
  @ApiOperation({
    operationId: 'echoPathParams',
    summary: 'Echo path parameters',
    description: 'Four path parameters of different types (integer, string, uuid, enum), echoed back.',
  })
  @ApiParam({ name: 'id', type: 'integer', format: 'int64', description: 'Integer id.' })
  @ApiParam({ name: 'slug', type: String, description: 'Free text; may need percent-encoding.' })
  @ApiParam({ name: 'uuid', type: String, format: 'uuid', description: 'A UUID.' })
  @ApiParam({ name: 'color', enum: Color, enumName: 'Color', description: 'An enum value.' })
  @ApiOkResponse({ type: PathParamsEcho })
  @ApiBadRequestResponse({ type: ValidationErrorDto, description: 'A parameter failed to parse.' })
  echoPathParams(
    @Param('id', ParseIntPipe) id: number,
    @Param('slug') slug: string,
    @Param('uuid', new ParseUUIDPipe()) uuid: string,
    @Param('color', new ParseEnumPipe(Color)) color: Color,
  ): PathParamsEcho {
    return { id, slug, uuid, color };
  }

  @Get('query')
  @ApiOperation({
    operationId: 'echoQueryParams',
    summary: 'Echo query parameters',
    description:
      'Query parameters of every scalar type, an enum, and exploded arrays (`tags=a&tags=b`), ' +
      'bound to a DTO through ValidationPipe and echoed back after conversion.',
  })
  @ApiOkResponse({ type: QueryParamsDto })
  @ApiBadRequestResponse({ type: ValidationErrorDto })
  echoQueryParams(@Query() query: QueryParamsDto): QueryParamsDto {
    return query;
  }

  @Get('headers')
  @ApiOperation({
    operationId: 'echoHeaders',
    summary: 'Echo request headers',
    description: 'Reads three request headers declared with @ApiHeader and echoes them.',
  })
  @ApiHeader({ name: 'X-Request-Id', required: true, description: 'Caller-chosen id.', schema: { type: 'string' } })
  @ApiHeader({ name: 'X-Retry-Count', required: false, description: 'Integer.', schema: { type: 'integer' } })
  @ApiHeader({ name: 'X-Mode', required: false, description: 'Enum.', enum: Mode })
  @ApiOkResponse({ type: HeadersEcho })
  @ApiBadRequestResponse({ type: ValidationErrorDto })
  echoHeaders(
    @Headers('x-request-id') requestId: string | undefined,
    @Headers('x-retry-count') retryCount: string | undefined,
    @Headers('x-mode') mode: string | undefined,
  ): HeadersEcho {
    const errors: string[] = [];
    if (!requestId) errors.push('X-Request-Id header is required');
    if (retryCount !== undefined && !/^-?[0-9]+$/.test(retryCount)) errors.push('X-Retry-Count must be an integer');
    if (mode !== undefined && !Object.values(Mode).includes(mode as Mode)) errors.push('X-Mode must be one of fast, safe');
    if (errors.length) throw new BadRequestException(errors);
    return {
      requestId: requestId!,
      retryCount: retryCount === undefined ? null : Number(retryCount),
      mode: (mode as Mode | undefined) ?? null,
    };
  }

  @Get('cookie')
  @ApiOperation({
    operationId: 'echoCookies',
    summary: 'Echo cookies',
    description:
      'Reads the `session_id`, `theme` and `visits` (integer) cookies. @nestjs/swagger has no cookie-parameter decorator; ' +
      'these are declared with @ApiParam and an `in: "cookie"` override that its typings do not allow.',
  })
  @ApiParam({ name: 'session_id', in: 'cookie', required: true, schema: { type: 'string' } } as ApiParamOptions)
  @ApiParam({ name: 'theme', in: 'cookie', required: false, schema: { type: 'string' } } as ApiParamOptions)
  @ApiParam({ name: 'visits', in: 'cookie', required: false, schema: { type: 'integer' } } as ApiParamOptions)
  @ApiOkResponse({ type: CookieEcho })
  @ApiBadRequestResponse({
    type: ValidationErrorDto,
    description: 'The `session_id` cookie is missing, or `visits` is not an integer.',
  })
  echoCookies(
    @Cookie('session_id') sessionId?: string,
    @Cookie('theme') theme?: string,
    // `exceptionFactory` keeps the declared 400 shape (`message` is a list).
    @Cookie('visits', new ParseIntPipe({ optional: true, exceptionFactory: (e) => new BadRequestException([e]) }))
    visits?: number,
  ): CookieEcho {
    if (!sessionId) throw new BadRequestException(['session_id cookie is required']);
    return { sessionId, theme: theme ?? null, visits: visits ?? null };
  }
}
