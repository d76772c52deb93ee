import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  Injectable,
  ParseArrayPipe,
  PipeTransform,
  Post,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import {
  CatDto,
  CircleDto,
  DogDto,
  InventoryDto,
  LineItemDto,
  OrderDto,
  PET_SCHEMA,
  type PetDto,
  RectangleDto,
  ShapeRequestDto,
  ValidationErrorDto,
} from './dto.js';

/**
 * Validates a top-level discriminated union: picks the class from `kind`,
 * then runs class-validator on it, the way ValidationPipe would.
 */
@Injectable()
export class PetValidationPipe implements PipeTransform<unknown, Promise<PetDto>> {
  async transform(value: unknown): Promise<PetDto> {
    const kind = value && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
    const cls = kind === 'cat' ? CatDto : kind === 'dog' ? DogDto : undefined;
    if (!cls) throw new BadRequestException(['kind must be one of the following values: cat, dog']);
    const instance = plainToInstance(cls as typeof CatDto, value) as PetDto;
    const errors = await validate(instance, { whitelist: true });
    if (errors.length) {
      throw new BadRequestException(errors.flatMap((e) => Object.values(e.constraints ?? {})));
    }
    return instance;
  }
}

@ApiTags('bodies')
@ApiExtraModels(CircleDto, RectangleDto, CatDto, DogDto)
@Controller('bodies')
export class BodiesController {
  @Post('order')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'echoOrder',
    summary: 'Echo a nested order',
    description:
      'A JSON body with nested objects, arrays of objects, optional and nullable fields, string and numeric ' +
      'enums, an enum array, a string map, a date-time with offset and a big integer carried as a string. ' +
      'Returned exactly as received (after validation).',
  })
  @ApiBody({ type: OrderDto })
  @ApiOkResponse({ type: OrderDto, description: 'The order, echoed.' })
  @ApiBadRequestResponse({ type: ValidationErrorDto, description: 'ValidationPipe rejected the body.' })
  echoOrder(@Body() order: OrderDto): OrderDto {
    return order;
  }

  @Post('shape')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'echoShape',
    summary: 'Echo a oneOf without discriminator',
    description: 'The `shape` property is a oneOf of Circle and Rectangle, told apart by their properties.',
  })
  @ApiOkResponse({ type: ShapeRequestDto })
  @ApiBadRequestResponse({ type: ValidationErrorDto })
  echoShape(@Body() body: ShapeRequestDto): ShapeRequestDto {
    return body;
  }

  @Post('pet')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'echoPet',
    summary: 'Echo a discriminated union',
    description: 'The whole body is a oneOf of Cat and Dog with a `kind` discriminator and an explicit mapping.',
  })
  @ApiBody({ schema: PET_SCHEMA })
  @ApiOkResponse({ schema: PET_SCHEMA, description: 'The pet, echoed.' })
  @ApiBadRequestResponse({ type: ValidationErrorDto })
  echoPet(@Body(PetValidationPipe) pet: PetDto): PetDto {
    return pet;
  }

  @Post('inventory')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'echoInventory',
    summary: 'Echo maps',
    description: 'Maps (additionalProperties) of integers and of objects, plus a nested array.',
  })
  @ApiOkResponse({ type: InventoryDto })
  @ApiBadRequestResponse({ type: ValidationErrorDto })
  echoInventory(@Body() body: InventoryDto): InventoryDto {
    return body;
  }

  @Post('line-items')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'echoLineItems',
    summary: 'Echo a top-level array',
    description: 'The body is a JSON array of line items, validated with ParseArrayPipe.',
  })
  @ApiBody({ type: [LineItemDto] })
  @ApiOkResponse({ type: [LineItemDto] })
  @ApiBadRequestResponse({ type: ValidationErrorDto })
  echoLineItems(@Body(new ParseArrayPipe({ items: LineItemDto, whitelist: true })) items: LineItemDto[]): LineItemDto[] {
    return items;
  }
}
