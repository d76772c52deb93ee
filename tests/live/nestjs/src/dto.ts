// DTO classes. Every property carries an explicit @ApiProperty (no
// @nestjs/swagger CLI plugin is used) plus class-validator rules.
//
// Classes are declared before the classes that reference them: this is an
// ES module and `emitDecoratorMetadata` reads the referenced class at
// definition time.
import { ApiProperty, ApiPropertyOptional, getSchemaPath, PartialType } from '@nestjs/swagger';
import { Transform, Type, plainToInstance } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDecimal,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

// ---------------------------------------------------------------- enums

export enum Color {
  Red = 'red',
  Green = 'green',
  Blue = 'blue',
}

export enum OrderStatus {
  Pending = 'pending',
  Paid = 'paid',
  Shipped = 'shipped',
  Cancelled = 'cancelled',
}

/** Numeric enum: @nestjs/swagger emits it inline as `type: number`. */
export enum Priority {
  Low = 1,
  Normal = 2,
  High = 3,
}

export enum Flag {
  Gift = 'gift',
  Fragile = 'fragile',
  Express = 'express',
}

export enum Mode {
  Fast = 'fast',
  Safe = 'safe',
}

// ------------------------------------------------------------- transforms

/** Query strings give `a` for one value and `['a','b']` for repeats. */
const toArray = ({ value }: { value: unknown }) =>
  value === undefined || value === null ? value : Array.isArray(value) ? value : [value];

const toNumberArray = ({ value }: { value: unknown }) =>
  value === undefined || value === null
    ? value
    : (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v));

/** Strict string -> number: leaves garbage as-is so the validator rejects it. */
const toNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;

/** 'true'/'false' -> boolean; anything else stays a string and fails @IsBoolean. */
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

// ------------------------------------------------------------- params

export class PathParamsEcho {
  @ApiProperty({ type: 'integer', format: 'int64', example: 42 })
  id: number;

  @ApiProperty({ example: 'hello-world' })
  slug: string;

  @ApiProperty({ format: 'uuid' })
  uuid: string;

  @ApiProperty({ enum: Color, enumName: 'Color' })
  color: Color;
}

export class QueryParamsDto {
  @ApiProperty({ description: 'Required integer.', type: 'integer', format: 'int32', minimum: 0, maximum: 1000 })
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(1000)
  limit: number;

  @ApiProperty({ description: 'Required floating-point number.', type: 'number', format: 'double' })
  @Transform(toNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  ratio: number;

  @ApiProperty({ description: 'Required boolean (`true` / `false`).', type: Boolean })
  @Transform(toBoolean)
  @IsBoolean()
  active: boolean;

  @ApiProperty({ description: 'Required free text; echoed verbatim.', type: String })
  @IsString()
  q: string;

  @ApiPropertyOptional({ description: 'RFC 3339 timestamp with offset; echoed verbatim.', type: String, format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ description: 'Calendar date (`YYYY-MM-DD`); echoed verbatim.', type: String, format: 'date' })
  @IsOptional()
  @Matches(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/)
  @IsISO8601({ strict: true })
  day?: string;

  @ApiPropertyOptional({
    description: 'Decimal as a string, up to 2 places; echoed verbatim.',
    type: String,
    format: 'decimal',
    example: '12.50',
  })
  @IsOptional()
  @IsDecimal({ decimal_digits: '0,2' })
  amount?: string;

  @ApiPropertyOptional({ description: 'Enum referenced from components.', enum: Color, enumName: 'Color' })
  @IsOptional()
  @IsEnum(Color)
  color?: Color;

  @ApiPropertyOptional({ description: 'Repeated key: `tags=a&tags=b`.', type: [String] })
  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @IsString({ each: true })
  tags?: string[];

  @ApiPropertyOptional({ description: 'Repeated key: `scores=1.5&scores=2`.', type: [Number] })
  @IsOptional()
  @Transform(toNumberArray)
  @IsArray()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  scores?: number[];

  @ApiPropertyOptional({ description: 'Optional integer with a default.', type: 'integer', default: 1 })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  page?: number = 1;
}

export class HeadersEcho {
  @ApiProperty()
  requestId: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null when the header was absent.' })
  retryCount: number | null;

  @ApiProperty({ enum: Mode, nullable: true, description: 'null when the header was absent.' })
  mode: Mode | null;
}

export class CookieEcho {
  @ApiProperty()
  sessionId: string;

  @ApiProperty({ nullable: true, type: String })
  theme: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null when the cookie was absent.' })
  visits: number | null;
}

// ------------------------------------------------------------- bodies

export class AddressDto {
  @ApiProperty({ example: '1 Main St' })
  @IsString()
  @MinLength(1)
  street: string;

  @ApiProperty({ example: 'Springfield' })
  @IsString()
  city: string;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2', example: 'US', minLength: 2, maxLength: 2 })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(2)
  country?: string;
}

export class CustomerDto {
  @ApiProperty()
  @IsString()
  name: string;

  @ApiProperty({ format: 'email' })
  @IsEmail()
  email: string;

  @ApiPropertyOptional({ type: () => AddressDto, description: 'Optional nested object.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  shippingAddress?: AddressDto;

  @ApiProperty({ type: () => AddressDto, nullable: true, description: 'Required but nullable nested object.' })
  @ValidateIf((_, v) => v !== null)
  @ValidateNested()
  @Type(() => AddressDto)
  billingAddress: AddressDto | null;
}

export class LineItemDto {
  @ApiProperty({ example: 'SKU-1' })
  @IsString()
  sku: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  @IsInt()
  @Min(1)
  quantity: number;

  @ApiProperty({ type: 'number', format: 'double' })
  @IsNumber()
  unitPrice: number;
}

export class OrderDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;

  @ApiProperty({ type: () => CustomerDto })
  @ValidateNested()
  @Type(() => CustomerDto)
  customer: CustomerDto;

  @ApiProperty({ type: () => [LineItemDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LineItemDto)
  items: LineItemDto[];

  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus' })
  @IsEnum(OrderStatus)
  status: OrderStatus;

  @ApiProperty({ enum: Priority, description: 'Numeric enum (1 = low, 2 = normal, 3 = high).' })
  @IsEnum(Priority)
  priority: Priority;

  @ApiProperty({ enum: Flag, isArray: true })
  @IsArray()
  @IsEnum(Flag, { each: true })
  flags: Flag[];

  @ApiPropertyOptional({ description: 'Optional: may be absent, never null.' })
  @IsOptional()
  @IsString()
  note?: string;

  @ApiProperty({ type: String, nullable: true, description: 'Required but nullable.' })
  @ValidateIf((_, v) => v !== null)
  @IsString()
  couponCode: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Free-form string map.',
    example: { channel: 'web' },
  })
  @IsObject()
  metadata: Record<string, string>;

  @ApiProperty({ type: String, format: 'date-time', description: 'Timestamp with offset; echoed verbatim.' })
  @IsISO8601({ strict: true })
  placedAt: string;

  @ApiProperty({
    type: String,
    format: 'int64',
    pattern: '^-?[0-9]+$',
    description: 'Integer beyond 2^53, transported as a decimal string.',
    example: '9007199254740993',
  })
  @IsString()
  @Matches(/^-?[0-9]+$/)
  amountMinor: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @IsString({ each: true })
  tags: string[];
}

export class InventoryDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', format: 'int32' },
    description: 'Map of SKU to count.',
  })
  @IsObject()
  counts: Record<string, number>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath('AddressDto') },
    description: 'Map of warehouse code to address.',
  })
  @IsObject()
  locations: Record<string, AddressDto>;

  @ApiPropertyOptional({ type: 'array', items: { type: 'array', items: { type: 'integer' } }, description: 'Nested arrays.' })
  @IsOptional()
  @IsArray()
  grid?: number[][];
}

// oneOf without discriminator --------------------------------------------

export class CircleDto {
  @ApiProperty({ type: 'number', format: 'double', minimum: 0 })
  @IsNumber()
  @Min(0)
  radius: number;
}

export class RectangleDto {
  @ApiProperty({ type: 'number', format: 'double', minimum: 0 })
  @IsNumber()
  @Min(0)
  width: number;

  @ApiProperty({ type: 'number', format: 'double', minimum: 0 })
  @IsNumber()
  @Min(0)
  height: number;
}

export class ShapeRequestDto {
  @ApiProperty()
  @IsString()
  label: string;

  @ApiProperty({
    description: 'Either a circle or a rectangle (no discriminator property).',
    oneOf: [{ $ref: getSchemaPath(CircleDto) }, { $ref: getSchemaPath(RectangleDto) }],
  })
  @IsObject()
  @Transform(({ value }) =>
    value && typeof value === 'object' && 'radius' in value
      ? plainToInstance(CircleDto, value)
      : plainToInstance(RectangleDto, value),
  )
  @ValidateNested()
  shape: CircleDto | RectangleDto;
}

// discriminated union ----------------------------------------------------

export class CatDto {
  @ApiProperty({ enum: ['cat'], description: 'Discriminator.' })
  @IsIn(['cat'])
  kind: 'cat';

  @ApiProperty()
  @IsString()
  name: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 9 })
  @IsInt()
  @Min(0)
  @Max(9)
  livesLeft: number;
}

export class DogDto {
  @ApiProperty({ enum: ['dog'], description: 'Discriminator.' })
  @IsIn(['dog'])
  kind: 'dog';

  @ApiProperty()
  @IsString()
  name: string;

  @ApiProperty()
  @IsString()
  breed: string;

  @ApiProperty()
  @IsBoolean()
  goodBoy: boolean;
}

export type PetDto = CatDto | DogDto;

export const PET_SCHEMA = {
  oneOf: [{ $ref: getSchemaPath(CatDto) }, { $ref: getSchemaPath(DogDto) }],
  discriminator: {
    propertyName: 'kind',
    mapping: { cat: getSchemaPath(CatDto), dog: getSchemaPath(DogDto) },
  },
};

// ------------------------------------------------------------- forms

export class SignupFormDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  username: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  age: number;

  @ApiProperty({ type: Boolean })
  @Transform(toBoolean)
  @IsBoolean()
  subscribe: boolean;

  @ApiPropertyOptional({ enum: Color, enumName: 'Color' })
  @IsOptional()
  @IsEnum(Color)
  favoriteColor?: Color;

  @ApiPropertyOptional({ type: [String], description: 'Repeated field: `interests=a&interests=b`.' })
  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @IsString({ each: true })
  interests?: string[];
}

// ------------------------------------------------------------- files

export class UploadMetaDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  description?: string;
}

export class UploadResultDto {
  @ApiProperty()
  filename: string;

  @ApiProperty()
  mimetype: string;

  @ApiProperty({ type: 'integer', format: 'int64' })
  size: number;

  @ApiProperty({ description: 'Lower-case hex SHA-256 of the uploaded bytes.', pattern: '^[0-9a-f]{64}$' })
  sha256: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;
}

export class DownloadQueryDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 1048576, description: 'Number of bytes; byte i is `i % 256`.' })
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(1048576)
  size: number;
}

export class GreetingQueryDto {
  @ApiPropertyOptional({ default: 'world' })
  @IsOptional()
  @IsString()
  name?: string;
}

// ------------------------------------------------------------- items

export class CreateItemDto {
  @ApiProperty({ minLength: 1, maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  name: string;

  @ApiProperty({ type: 'number', format: 'double', minimum: 0 })
  @IsNumber()
  @Min(0)
  price: number;

  @ApiPropertyOptional({ type: [String], maxItems: 10 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  tags?: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 200,
    description: 'A free-text note. In an update, `null` clears it and leaving it out keeps it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string | null;
}

/** Mapped type from @nestjs/swagger: every property becomes optional. */
export class UpdateItemDto extends PartialType(CreateItemDto) {}

export class ItemDto {
  @ApiProperty({ type: 'integer', format: 'int64' })
  id: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: 'number', format: 'double' })
  price: number;

  @ApiProperty({ type: [String] })
  tags: string[];

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, nullable: true, description: 'The note, or `null` when there is none.' })
  note: string | null;
}

export class ItemPageDto {
  @ApiProperty({ type: () => [ItemDto] })
  items: ItemDto[];

  @ApiProperty({ type: 'integer' })
  total: number;
}

export class ListItemsQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number = 20;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0 })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  offset?: number = 0;

  @ApiPropertyOptional({ description: 'Only items carrying this tag.' })
  @IsOptional()
  @IsString()
  tag?: string;
}

// ------------------------------------------------------------- auth / misc

export class PrincipalDto {
  @ApiProperty({ enum: ['bearer', 'api_key'] })
  scheme: 'bearer' | 'api_key';

  @ApiProperty({ description: 'The credential that was presented.' })
  credential: string;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';

  @ApiProperty({ type: 'number', format: 'double', description: 'Seconds since start.' })
  uptimeSeconds: number;
}

// ------------------------------------------------------------- errors

export class NotFoundErrorDto {
  @ApiProperty({ type: 'integer', example: 404 })
  statusCode: number;

  @ApiProperty({ example: 'Not Found' })
  error: string;

  @ApiProperty()
  message: string;

  @ApiProperty({ example: 'item' })
  resource: string;

  @ApiProperty({ type: 'integer', format: 'int64' })
  id: number;
}

export class ValidationErrorDto {
  @ApiProperty({ type: 'integer', example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ type: [String], description: 'One line per failed constraint.' })
  message: string[];
}
