import { Module, ValidationPipe } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { BodiesController } from './bodies.controller.js';
import { FilesController, FormsController, TextController } from './files.controller.js';
import { ItemsController } from './items.controller.js';
import { AuthController, HealthController } from './misc.controller.js';
import { ParamsController } from './params.controller.js';

@Module({
  controllers: [
    ParamsController,
    BodiesController,
    FormsController,
    FilesController,
    TextController,
    ItemsController,
    AuthController,
    HealthController,
  ],
  providers: [
    {
      provide: APP_PIPE,
      // Converts query/path/form strings through the DTOs' @Transform rules
      // and strips properties a DTO does not declare.
      useValue: new ValidationPipe({ transform: true, whitelist: true }),
    },
  ],
})
export class AppModule {}
