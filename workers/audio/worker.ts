// The audio analysis worker: exposes the pure analyser through Comlink (API: api.ts).
import { expose } from 'comlink';
import { createAnalysisService } from './service.ts';

expose(createAnalysisService());
