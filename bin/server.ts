// `npm start`: the server process. One of the two composition roots (docs/architecture.md): the only places
// where the application (src/) and the jobs layer (jobs/) meet.
import { jobCatalog } from '../jobs/catalog.ts';
import { serve } from '../src/main.ts';

serve(jobCatalog);
