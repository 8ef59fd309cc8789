import 'reflect-metadata';
import { runService } from '@etl/kit';
import { readRunnerConfig } from './runner-config.js';
import { startRunner } from './runner-service.js';

await runService('runner', () => startRunner(readRunnerConfig()));
