import {
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { BearerGuard } from './auth.js';
import {
  CreateItemDto,
  ItemDto,
  ItemPageDto,
  ListItemsQueryDto,
  NotFoundErrorDto,
  UpdateItemDto,
  ValidationErrorDto,
} from './dto.js';

/**
 * In-memory CRUD, bearer-protected. Duplicate names raise an undeclared 409
 * whose body is exactly `{ "message": ..., "code": "DUPLICATE_NAME" }`.
 */
@ApiTags('items')
@ApiBearerAuth('bearer')
@ApiUnauthorizedResponse({ description: 'Missing or wrong bearer token.' })
@UseGuards(BearerGuard)
@Controller('items')
export class ItemsController {
  private readonly items = new Map<number, ItemDto>();
  private nextId = 1;

  private find(id: number): ItemDto {
    const item = this.items.get(id);
    if (!item) {
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `item ${id} not found`,
        resource: 'item',
        id,
      } satisfies NotFoundErrorDto);
    }
    return item;
  }

  private assertUniqueName(name: string, except?: number): void {
    for (const item of this.items.values()) {
      if (item.name === name && item.id !== except) {
        throw new ConflictException({ message: `an item named "${name}" already exists`, code: 'DUPLICATE_NAME' });
      }
    }
  }

  @Post()
  @ApiOperation({
    operationId: 'createItem',
    summary: 'Create an item',
    description: 'Creates an item and answers 201 with a Location header. A duplicate name answers 409 (not declared).',
  })
  @ApiCreatedResponse({
    type: ItemDto,
    description: 'Created.',
    headers: {
      Location: { description: 'Path of the new item, `/items/{id}`.', schema: { type: 'string' } },
    },
  })
  @ApiBadRequestResponse({ type: ValidationErrorDto })
  createItem(@Body() body: CreateItemDto, @Res({ passthrough: true }) res: Response): ItemDto {
    this.assertUniqueName(body.name);
    const item: ItemDto = {
      id: this.nextId++,
      name: body.name,
      price: body.price,
      tags: body.tags ?? [],
      createdAt: new Date().toISOString(),
      note: body.note ?? null,
    };
    this.items.set(item.id, item);
    res.location(`/items/${item.id}`);
    return item;
  }

  @Get()
  @ApiOperation({ operationId: 'listItems', summary: 'List items', description: 'Offset pagination with an optional tag filter.' })
  @ApiOkResponse({ type: ItemPageDto })
  @ApiBadRequestResponse({ type: ValidationErrorDto })
  listItems(@Query() query: ListItemsQueryDto): ItemPageDto {
    const all = [...this.items.values()].filter((i) => query.tag === undefined || i.tags.includes(query.tag));
    const offset = query.offset ?? 0;
    return { items: all.slice(offset, offset + (query.limit ?? 20)), total: all.length };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getItem', summary: 'Get one item', description: 'Answers 404 with a NotFoundError body for an unknown id.' })
  @ApiParam({ name: 'id', type: 'integer', format: 'int64' })
  @ApiOkResponse({ type: ItemDto })
  @ApiNotFoundResponse({ type: NotFoundErrorDto, description: 'No item with this id.' })
  getItem(@Param('id', ParseIntPipe) id: number): ItemDto {
    return this.find(id);
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateItem',
    summary: 'Update an item',
    description: 'Partial update (PartialType of CreateItem); absent fields are left alone, a `null` note is cleared.',
  })
  @ApiParam({ name: 'id', type: 'integer', format: 'int64' })
  @ApiOkResponse({ type: ItemDto })
  @ApiBadRequestResponse({ type: ValidationErrorDto })
  @ApiNotFoundResponse({ type: NotFoundErrorDto })
  updateItem(@Param('id', ParseIntPipe) id: number, @Body() body: UpdateItemDto): ItemDto {
    const item = this.find(id);
    if (body.name !== undefined) this.assertUniqueName(body.name, id);
    const updated: ItemDto = {
      ...item,
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.price !== undefined ? { price: body.price } : {}),
      ...(body.tags !== undefined ? { tags: body.tags } : {}),
      // `null` clears the note; an absent one leaves it.
      ...(body.note !== undefined ? { note: body.note } : {}),
    };
    this.items.set(id, updated);
    return updated;
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteItem', summary: 'Delete an item', description: 'Answers 204 with no body.' })
  @ApiParam({ name: 'id', type: 'integer', format: 'int64' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: NotFoundErrorDto })
  deleteItem(@Param('id', ParseIntPipe) id: number): void {
    this.find(id);
    this.items.delete(id);
  }
}
