import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/client.ts';
import { runMigrations } from '../../db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
  }
}

/** Migrates one template database; each test file then gets `CREATE DATABASE … TEMPLATE` of it. */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL!;
  const template = `jixiao_tpl_${process.pid}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${template}`);
  await admin.unsafe(`create database ${template}`);
  const templateUrl = withDatabase(url, template);
  const database = await openDatabase({ url: templateUrl, maxConnections: 1 });
  await runMigrations(database, templateUrl);
  await database.close();
  project.provide('pgTemplate', template);
  return async () => {
    await admin.unsafe(`drop database if exists ${template}`);
    await admin.end();
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
