export * from './imports.ts';
export * from './targets.ts';
