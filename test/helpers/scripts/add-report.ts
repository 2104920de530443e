// A second process for the cross-process tests: opens the database at argv[2] and logs one report entry for
// project argv[3], through the service, then exits.
import { openDatabase } from '../../../db/client.ts';
import { addEntries } from '../../../src/services/entries.ts';

const [url, project, title] = process.argv.slice(2);
const database = await openDatabase({ url: url!, maxConnections: 1 });
try {
  await addEntries(database.db, Number(project), [{ kind: 'report', fields: { date: '2024-03-15', title: title ?? '另一进程的报告' } }], {
    source: 'manual',
    author: 'other-process',
    now: new Date(),
  });
} finally {
  await database.close();
}
