import type { AppEnv } from '../src/api/env.ts';
import type { Language } from '../src/format/status-labels.ts';
import type { Translate } from '../src/i18n/messages.ts';
import type { OpenSession } from '../src/services/web-sessions.ts';

/** The pages' context: the app's, plus the language and, once signed in, the session. */
export interface WebEnv {
  Variables: AppEnv['Variables'] & { language: Language; t: Translate; session: OpenSession; formToken: string };
}
