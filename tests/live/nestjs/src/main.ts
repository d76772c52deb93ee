// Usage: node dist/main.js --port PORT [--lifetime SECONDS]
//
// Listens on 127.0.0.1 only (PORT 0 picks a free port), prints one line
// `listening on http://127.0.0.1:<port>` once ready, serves the OpenAPI 3.0
// document at /openapi.json, and exits by itself after --lifetime seconds
// (default 300).
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';

function parseArgs(argv: string[]): { port: number; lifetime: number } {
  let port = 0;
  let lifetime = 300;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--port') port = Number(value());
    else if (flag === '--lifetime') lifetime = Number(value());
    else throw new Error(`unknown argument: ${arg}`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be an integer in 0..65535');
  if (!Number.isFinite(lifetime) || lifetime <= 0) throw new Error('--lifetime must be a positive number of seconds');
  return { port, lifetime };
}

async function main(): Promise<void> {
  const { port, lifetime } = parseArgs(process.argv.slice(2));

  // Armed first, so that even a hung start-up ends on time.
  setTimeout(() => {
    console.log(`lifetime of ${lifetime}s over, exiting`);
    process.exit(0);
  }, lifetime * 1000);

  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['error', 'warn'] });
  app.useBodyParser('raw', { type: 'application/octet-stream', limit: '16mb' });

  const config = new DocumentBuilder()
    .setTitle('NestJS live fixture')
    .setDescription('Echo endpoints exercising what @nestjs/swagger emits, for client-generation tests.')
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Use `test-token`.' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'Use `test-key`.' }, 'api_key')
    .addTag('params', 'Path, query, header and cookie parameters')
    .addTag('bodies', 'JSON request bodies')
    .addTag('forms', 'URL-encoded forms')
    .addTag('files', 'Multipart upload and binary bodies')
    .addTag('text', 'Plain-text responses')
    .addTag('items', 'Bearer-protected CRUD with declared and undeclared errors')
    .addTag('auth', 'Security schemes')
    .addTag('health', 'Liveness')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { ui: false, raw: ['json'], jsonDocumentUrl: 'openapi.json' });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => process.exit(0));
  }

  await app.listen(port, '127.0.0.1');
  const address = app.getHttpServer().address() as AddressInfo;
  console.log(`listening on http://127.0.0.1:${address.port}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
