// Messages made where only a string fits (zod issue messages, a reader's `reason`) keep their English
// beside them: `say(said(…))` returns the Chinese and remembers what it is in every language, and
// `heard(chinese)` gives it back as catalogue words, so an error built from those strings later can be
// said in the caller's language (docs/design.md "Languages"). Unknown strings stay as they are.
import type { Language } from '../format/status-labels.ts';
import { composed, type Text } from '../errors.ts';

/** Fixed messages (made once, when a module loads). */
const fixed = new Map<string, Text>();
/** Messages made per input (a date, a number): the latest few thousand. */
const recent = new Map<string, Text>();
const RECENT_MAX = 4000;

/** `text` in Chinese, remembering its other languages for `heard`. */
export function say(text: Text, once = false): string {
  const zh = text.in('zh');
  if (once) fixed.set(zh, text);
  else remember(zh, text);
  return zh;
}

/** For messages made when a module loads: kept for the process's life. */
export function sayOnce(text: Text): string {
  return say(text, true);
}

function remember(zh: string, text: Text): void {
  if (fixed.has(zh)) return;
  recent.delete(zh);
  recent.set(zh, text);
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value as string);
}

/** Remembers another language's words for a Chinese message made elsewhere (zod's own locales). */
export function rememberPair(zh: string, en: string): void {
  if (zh !== en)
    remember(
      zh,
      composed((language: Language) => (language === 'en' ? en : zh)),
    );
}

/** A Chinese message as words in every language we remember for it (else the Chinese itself). */
export function heard(zh: string): Text {
  const known = fixed.get(zh) ?? recent.get(zh);
  return known ?? composed(() => zh);
}

/** The message in `language`, if we know it. */
export function hearIn(zh: string, language: Language): string {
  return heard(zh).in(language);
}
