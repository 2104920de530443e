export * from './imports.ts';
export * from './targets.ts';
export * from './evidence.ts';
export * from './jobs.ts';
export * from './access.ts';
export * from './files.ts';
